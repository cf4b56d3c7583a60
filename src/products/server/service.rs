//! The product logic shared by server functions and REST: ownership, the status machine,
//! optimistic versions, and the notifications each change sends (written in the same
//! transaction as the change).

use chrono::Utc;

use std::sync::Arc;

use super::{
    amazon_sku, count_repo,
    events::{Listeners, ProductChange, ProductListener},
    product_types::ProductTypes,
    repo::{self, Filter, StatusChange, WriteError},
    type_check::Completeness,
};
use crate::{
    auth::model::{CurrentUser, Role},
    db::{Db, is_key, new_key},
    error::AppError,
    notifications::{
        model::NotificationType,
        server::{Notifier, Outgoing},
    },
    products::model::{
        PAGE_SIZE, Product, ProductFields, ProductPage, ProductRow, ProductStatus, StatusCounts, Transition,
        check_reason, next_status,
    },
    validation::clip,
};

/// The review queue shows at most this many at once.
const QUEUE_LIMIT: u32 = 50;

fn check_id(id: &str) -> Result<&str, AppError> {
    if is_key(id) { Ok(id) } else { Err(AppError::bad_request("That is not a valid product id.")) }
}

fn product_url(id: &str) -> String {
    format!("/seller/products/{id}")
}

/// The catalogue and its review.
#[derive(Clone)]
pub struct Products {
    db: Db,
    notifier: Notifier,
    listeners: Listeners,
    types: ProductTypes,
}

fn completeness(submit: bool) -> Completeness {
    if submit { Completeness::Required } else { Completeness::AsGiven }
}

impl Products {
    pub(crate) fn new(db: Db, notifier: Notifier, types: ProductTypes) -> Self {
        Self { db, notifier, listeners: Listeners::default(), types }
    }

    /// Amazon's product types: search, definitions, and the check against their schemas.
    pub(crate) fn types(&self) -> &ProductTypes {
        &self.types
    }

    /// Registers a follower of committed changes (at start-up).
    pub(crate) fn listen(&self, listener: Arc<dyn ProductListener>) {
        self.listeners.add(listener);
    }

    /// A product the caller may see: sellers their own (anyone else's is a 404), admins any.
    pub(crate) async fn get_for(&self, user: &CurrentUser, id: &str) -> Result<Product, AppError> {
        let db = &self.db;
        let product = repo::get(db, check_id(id)?).await?.ok_or_else(|| AppError::not_found("Product"))?;
        if user.role == Role::Admin || product.seller_id == user.id {
            Ok(product)
        } else {
            Err(AppError::not_found("Product"))
        }
    }

    /// Any product, no access check (for background jobs).
    pub(crate) async fn get_any(&self, id: &str) -> Result<Option<Product>, AppError> {
        if !is_key(id) {
            return Ok(None);
        }
        repo::get(&self.db, id).await
    }

    /// Creates a product as a draft, or straight into review when `submit`.
    pub(crate) async fn create(
        &self,
        seller: &CurrentUser,
        fields: ProductFields,
        submit: bool,
    ) -> Result<Product, AppError> {
        let (db, notifier) = (&self.db, &self.notifier);
        let fields = self.types.fit(fields, completeness(submit)).await?;
        let id = new_key();
        let status = if submit { ProductStatus::PendingReview } else { ProductStatus::Draft };
        let notify = if submit { tell_admins(notifier, seller, &fields.title).await? } else { Vec::new() };
        let sku = amazon_sku(&seller.id, &fields.sku);
        let new = repo::NewProduct { id: &id, seller_id: &seller.id, fields: &fields, amazon_sku: &sku, status };
        if let Err(e) = repo::insert(db, &new, Utc::now(), &notify).await {
            return Err(explain(db, &id, e).await);
        }
        tracing::info!(product_id = %id, seller_id = %seller.id, status = status.as_str(), "product created");
        repo::get(db, &id).await?.ok_or_else(|| AppError::internal("creating a product", "vanished after insert"))
    }

    /// Saves a seller's edits; `submit` also sends it for review. `version` is the one the
    /// seller edited (the current one when absent).
    pub(crate) async fn update(
        &self,
        seller: &CurrentUser,
        id: &str,
        version: Option<u64>,
        fields: ProductFields,
        submit: bool,
    ) -> Result<Product, AppError> {
        let (db, notifier) = (&self.db, &self.notifier);
        let current = self.get_for(seller, id).await?;
        if current.seller_id != seller.id {
            return Err(AppError::not_found("Product"));
        }
        let version = version.unwrap_or(current.version);
        if version != current.version {
            return Err(explain(db, id, WriteError::Stale).await);
        }
        let fields = self.types.fit(fields, completeness(submit)).await?;
        if fields.sku != current.sku && current.submitted_at.is_some() {
            return Err(AppError::field("sku", "The SKU can't change once the product has been submitted for review."));
        }
        let listed_content_changed = fields.listed_content_differs(&current);
        let mut status = next_status(current.status, Transition::Edit { listed_content_changed })?;
        if submit && status != ProductStatus::PendingReview {
            status = next_status(status, Transition::Submit)?;
        }
        let now = Utc::now();
        let newly_pending = status == ProductStatus::PendingReview && current.status != ProductStatus::PendingReview;
        let submitted_at = if newly_pending { Some(now) } else { current.submitted_at };
        let notify = if newly_pending { tell_admins(notifier, seller, &fields.title).await? } else { Vec::new() };
        let sku = amazon_sku(&seller.id, &fields.sku);
        if let Err(e) =
            repo::update_fields(db, id, &seller.id, version, &fields, &sku, status, submitted_at, now, &notify).await
        {
            return Err(explain(db, id, e).await);
        }
        tracing::info!(product_id = %id, from = current.status.as_str(), to = status.as_str(), "product updated");
        let updated = self.get_for(seller, id).await?;
        if updated.price != current.price || updated.quantity != current.quantity {
            self.listeners.announce(ProductChange::OfferChanged(updated.clone())).await;
        }
        Ok(updated)
    }

    /// A seller's status move: submit for review or archive.
    pub(crate) async fn seller_transition(
        &self,
        seller: &CurrentUser,
        id: &str,
        version: Option<u64>,
        transition: Transition,
    ) -> Result<Product, AppError> {
        let (db, notifier) = (&self.db, &self.notifier);
        let current = self.get_for(seller, id).await?;
        if current.seller_id != seller.id {
            return Err(AppError::not_found("Product"));
        }
        let status = next_status(current.status, transition)?;
        let submitted = transition == Transition::Submit;
        if submitted {
            let problems = self.types.check_complete(&current.fields()).await?;
            if !problems.is_empty() {
                let mut errors = crate::error::FieldErrors::new();
                for p in problems {
                    errors.entry(p.field).or_insert(p.message);
                }
                return Err(AppError::fields(errors));
            }
        }
        let notify = if submitted { tell_admins(notifier, seller, &current.title).await? } else { Vec::new() };
        let change = StatusChange { status, submitted, reviewed_by: None, reason: None };
        let version = version.unwrap_or(current.version);
        if let Err(e) = repo::change_status(db, id, Some(&seller.id), version, change, Utc::now(), &notify).await {
            return Err(explain(db, id, e).await);
        }
        tracing::info!(product_id = %id, from = current.status.as_str(), to = status.as_str(), "product status changed");
        let product = self.get_for(seller, id).await?;
        if status == ProductStatus::Archived {
            self.listeners.announce(ProductChange::Archived(product.clone())).await;
        }
        Ok(product)
    }

    /// An admin's decision. Two admins deciding at once: one wins, the other is told it was
    /// already reviewed.
    pub(crate) async fn review(
        &self,
        admin: &CurrentUser,
        id: &str,
        version: Option<u64>,
        decision: Decision,
    ) -> Result<Product, AppError> {
        let db = &self.db;
        let current = self.get_for(admin, id).await?;
        let (transition, reason) = match &decision {
            Decision::Approve => (Transition::Approve, None),
            Decision::Reject { reason } => (Transition::Reject, Some(check_reason(reason)?)),
        };
        let status = next_status(current.status, transition)?;
        let url = product_url(id);
        let message = match &reason {
            None => format!("\"{}\" was approved.", clip(&current.title, 80)),
            Some(reason) => format!("\"{}\" was rejected: {}", clip(&current.title, 80), clip(reason, 600)),
        };
        let (kind, title) = match decision {
            Decision::Approve => (NotificationType::Success, "Product approved"),
            Decision::Reject { .. } => (NotificationType::Error, "Product rejected"),
        };
        let notify = vec![Outgoing::new(&current.seller_id, kind, title, &message, Some(&url))?];
        let change = StatusChange { status, submitted: false, reviewed_by: Some(&admin.id), reason: reason.as_deref() };
        let version = version.unwrap_or(current.version);
        if let Err(e) = repo::change_status(db, id, None, version, change, Utc::now(), &notify).await {
            return Err(explain(db, id, e).await);
        }
        tracing::info!(product_id = %id, admin_id = %admin.id, to = status.as_str(), "product reviewed");
        self.get_for(admin, id).await
    }

    /// A seller's own products.
    pub(crate) async fn list_for_seller(
        &self,
        seller: &CurrentUser,
        status: Option<ProductStatus>,
        page: Option<u32>,
    ) -> Result<ProductPage, AppError> {
        let page = check_page(page)?;
        let (items, total) =
            repo::list(&self.db, &Filter { seller_id: Some(&seller.id), status }, page, PAGE_SIZE).await?;
        Ok(ProductPage { items, total, page, per_page: PAGE_SIZE })
    }

    /// A seller's own products, as table rows.
    pub(crate) async fn rows_for_seller(
        &self,
        seller: &CurrentUser,
        status: Option<ProductStatus>,
        page: Option<u32>,
    ) -> Result<ProductPage<ProductRow>, AppError> {
        let page = check_page(page)?;
        let (items, total) =
            repo::list_rows(&self.db, &Filter { seller_id: Some(&seller.id), status }, page, PAGE_SIZE).await?;
        Ok(ProductPage { items, total, page, per_page: PAGE_SIZE })
    }

    /// Everyone's products (admins).
    pub(crate) async fn list_all(
        &self,
        seller_id: Option<&str>,
        status: Option<ProductStatus>,
        page: Option<u32>,
    ) -> Result<ProductPage, AppError> {
        let page = check_page(page)?;
        let seller_id = seller_id.filter(|s| !s.is_empty()).map(check_seller).transpose()?;
        let (items, total) = repo::list(&self.db, &Filter { seller_id, status }, page, PAGE_SIZE).await?;
        Ok(ProductPage { items, total, page, per_page: PAGE_SIZE })
    }

    pub(crate) async fn review_queue(&self) -> Result<Vec<Product>, AppError> {
        repo::review_queue(&self.db, QUEUE_LIMIT).await
    }

    pub(crate) async fn counts(&self, seller_id: Option<&str>) -> Result<StatusCounts, AppError> {
        count_repo::counts(&self.db, seller_id).await
    }
}

/// An admin's decision on a product waiting for review.
pub(crate) enum Decision {
    Approve,
    Reject { reason: String },
}

/// Turns a failed write into the answer the caller should get.
async fn explain(db: &Db, id: &str, error: WriteError) -> AppError {
    match error {
        WriteError::NotFound => AppError::not_found("Product"),
        WriteError::SkuTaken => AppError::field("sku", "You already have a product with this SKU."),
        WriteError::Other(e) => e,
        WriteError::Stale => match repo::get(db, id).await {
            Ok(Some(p)) if p.status != ProductStatus::PendingReview => AppError::conflict(format!(
                "This product changed while you were looking at it: it is now {}. Reload to see the latest version.",
                p.status.label().to_lowercase()
            )),
            _ => AppError::conflict(
                "This product changed while you were looking at it. Reload to see the latest version.",
            ),
        },
    }
}

/// The admins' "new product to review" notifications for a submission.
async fn tell_admins(notifier: &Notifier, seller: &CurrentUser, title: &str) -> Result<Vec<Outgoing>, AppError> {
    notifier
        .for_admins(
            NotificationType::Info,
            "New product to review",
            &format!("{} submitted \"{}\" for review.", seller.name, clip(title, 80)),
            Some("/admin/review"),
        )
        .await
}

fn check_page(page: Option<u32>) -> Result<u32, AppError> {
    match page.unwrap_or(1) {
        0 => Err(AppError::bad_request("page starts at 1.")),
        n if n > 100_000 => Err(AppError::bad_request("page is too large.")),
        n => Ok(n),
    }
}

fn check_seller(id: &str) -> Result<&str, AppError> {
    if is_key(id) { Ok(id) } else { Err(AppError::bad_request("That is not a valid seller id.")) }
}
