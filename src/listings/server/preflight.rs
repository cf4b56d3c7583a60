//! The check before listing ("Check with Amazon", and the create job's first step): Hamro's
//! own check against the product type's schema; then Listings Restrictions for the catalog
//! item the listing would join (an offer's ASIN, or the item a barcode belongs to); then
//! Amazon's own `putListingsItem` in VALIDATION_PREVIEW mode, which stores nothing.

use chrono::Utc;

use super::{jobs::ListingJobs, repo::severity};
use crate::{
    error::AppError,
    integrations::amazon::{AmazonError, CatalogQuery, Issue, SubmissionStatus},
    listings::model::{CheckIssue, CheckOutcome, CheckReport, IssueSeverity},
    products::{
        model::{Identity, Product},
        server::{
            Completeness,
            amazon_document::{self, field_of, requirements_for},
        },
    },
};

fn upstream(e: AmazonError) -> AppError {
    tracing::warn!(error = %e, "checking a listing with Amazon");
    AppError::upstream(format!("Amazon could not check the listing right now: {e}"))
}

fn issue(i: &Issue) -> CheckIssue {
    let attribute = i.attribute_names.first().cloned();
    CheckIssue {
        code: i.code.clone(),
        message: i.message.clone(),
        severity: severity(i.severity),
        field: attribute.as_deref().map(field_of),
        attribute,
    }
}

fn report(outcome: CheckOutcome, issues: Vec<CheckIssue>) -> CheckReport {
    CheckReport { outcome, issues, checked_at: Utc::now() }
}

impl ListingJobs {
    /// The ASIN the listing would join, if Amazon's catalog has one.
    async fn catalog_asin(&self, identity: Option<&Identity>) -> Result<Option<String>, AppError> {
        Ok(match identity {
            Some(Identity::Asin { asin }) => Some(asin.clone()),
            Some(Identity::Code { code, value }) => self
                .amazon
                .search_catalog(CatalogQuery::Identifier { kind: code.label(), value }, 1)
                .await
                .map_err(upstream)?
                .into_iter()
                .next()
                .map(|item| item.asin),
            Some(Identity::Exempt) | None => None,
        })
    }

    /// Checks a product as Amazon would, without creating anything.
    pub(crate) async fn preflight(&self, p: &Product) -> Result<CheckReport, AppError> {
        let types = self.products.types();
        let fields = p.fields();
        let requirements = requirements_for(fields.identity.as_ref());
        let loaded = types.load(&p.product_type, requirements).await?;
        let own = types.problems(&fields, &loaded, Completeness::Required);
        if !own.is_empty() {
            let issues = own
                .into_iter()
                .map(|o| CheckIssue {
                    code: "HAMRO".into(),
                    message: o.message,
                    severity: IssueSeverity::Error,
                    attribute: o.attribute,
                    field: Some(o.field),
                })
                .collect();
            return Ok(report(CheckOutcome::Incomplete, issues));
        }
        if let Some(asin) = self.catalog_asin(fields.identity.as_ref()).await? {
            let restrictions =
                self.amazon.listing_restrictions(&asin, p.condition.amazon_value()).await.map_err(upstream)?;
            if !restrictions.is_empty() {
                let issues = restrictions
                    .into_iter()
                    .map(|r| CheckIssue {
                        code: r.reason_code.unwrap_or_else(|| "RESTRICTED".into()),
                        message: match r.approval_link {
                            Some(link) => format!("{} Ask Amazon for approval: {link}", r.message),
                            None => r.message,
                        },
                        severity: IssueSeverity::Error,
                        attribute: None,
                        field: None,
                    })
                    .collect();
                return Ok(report(CheckOutcome::Restricted, issues));
            }
        }
        let document = amazon_document::attributes(&fields, &self.marketplace, &loaded.spec);
        let submission = self
            .amazon
            .preview_listing(&p.amazon_sku, &p.product_type, requirements, document)
            .await
            .map_err(upstream)?;
        let outcome = if submission.status == SubmissionStatus::Valid && submission.first_error().is_none() {
            CheckOutcome::Valid
        } else {
            CheckOutcome::Invalid
        };
        Ok(report(outcome, submission.issues.iter().map(issue).collect()))
    }
}
