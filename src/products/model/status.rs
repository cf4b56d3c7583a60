//! Where a product is in review, the moves between statuses, and counts per status.

use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Where a product is in review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProductStatus {
    Draft,
    PendingReview,
    Approved,
    Rejected,
    Archived,
}

impl ProductStatus {
    pub const ALL: [ProductStatus; 5] =
        [Self::Draft, Self::PendingReview, Self::Approved, Self::Rejected, Self::Archived];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::PendingReview => "pending_review",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Archived => "archived",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::PendingReview => "Pending review",
            Self::Approved => "Approved",
            Self::Rejected => "Rejected",
            Self::Archived => "Archived",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// A `?status=` filter: empty means all; anything else must name a status.
    pub fn parse_filter(s: Option<&str>) -> Result<Option<Self>, AppError> {
        match s.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => Self::parse(s).map(Some).ok_or_else(|| {
                AppError::bad_request(format!(
                    "Unknown status '{s}'. Use one of: draft, pending_review, approved, rejected, archived."
                ))
            }),
        }
    }
}

/// What someone is trying to do to a product.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transition {
    Edit { listed_content_changed: bool },
    Submit,
    Approve,
    Reject,
    Archive,
}

/// The status machine. Invalid moves are a 409 that says why.
///
/// draft -> pending_review (submit) -> approved | rejected; rejected -> pending_review
/// (edit, submit again); editing an approved product's listed content sends it back to
/// pending_review (price and quantity don't); anything but archived -> archived.
pub fn next_status(from: ProductStatus, transition: Transition) -> Result<ProductStatus, AppError> {
    use ProductStatus::*;
    match (from, transition) {
        (Archived, _) => Err(AppError::conflict("This product is archived; it can't be changed.")),
        (_, Transition::Archive) => Ok(Archived),
        (Approved, Transition::Edit { listed_content_changed: true }) => Ok(PendingReview),
        (status, Transition::Edit { .. }) => Ok(status),
        (Draft | Rejected, Transition::Submit) => Ok(PendingReview),
        (PendingReview, Transition::Submit) => Err(AppError::conflict("This product is already waiting for review.")),
        (Approved, Transition::Submit) => Err(AppError::conflict("This product is already approved.")),
        (PendingReview, Transition::Approve) => Ok(Approved),
        (PendingReview, Transition::Reject) => Ok(Rejected),
        (Draft, Transition::Approve | Transition::Reject) => {
            Err(AppError::conflict("This product hasn't been submitted for review."))
        }
        (Approved | Rejected, Transition::Approve | Transition::Reject) => Err(AppError::conflict(format!(
            "This product was already reviewed: it is {}.",
            from.label().to_lowercase()
        ))),
    }
}

/// How many of a seller's (or everyone's) products are in each status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StatusCounts {
    pub draft: u64,
    pub pending_review: u64,
    pub approved: u64,
    pub rejected: u64,
    pub archived: u64,
}

impl StatusCounts {
    pub fn get(&self, status: ProductStatus) -> u64 {
        match status {
            ProductStatus::Draft => self.draft,
            ProductStatus::PendingReview => self.pending_review,
            ProductStatus::Approved => self.approved,
            ProductStatus::Rejected => self.rejected,
            ProductStatus::Archived => self.archived,
        }
    }

    pub fn set(&mut self, status: ProductStatus, n: u64) {
        match status {
            ProductStatus::Draft => self.draft = n,
            ProductStatus::PendingReview => self.pending_review = n,
            ProductStatus::Approved => self.approved = n,
            ProductStatus::Rejected => self.rejected = n,
            ProductStatus::Archived => self.archived = n,
        }
    }

    pub fn total(&self) -> u64 {
        ProductStatus::ALL.iter().map(|s| self.get(*s)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_machine_allows_only_the_documented_moves() {
        use ProductStatus::*;
        use Transition::*;
        let edit = |changed| Edit { listed_content_changed: changed };
        assert_eq!(next_status(Draft, Submit).unwrap(), PendingReview);
        assert_eq!(next_status(Rejected, Submit).unwrap(), PendingReview);
        assert_eq!(next_status(PendingReview, Approve).unwrap(), Approved);
        assert_eq!(next_status(PendingReview, Reject).unwrap(), Rejected);
        assert_eq!(next_status(Approved, edit(true)).unwrap(), PendingReview);
        assert_eq!(next_status(Approved, edit(false)).unwrap(), Approved);
        assert_eq!(next_status(Rejected, edit(true)).unwrap(), Rejected);
        for s in [Draft, PendingReview, Approved, Rejected] {
            assert_eq!(next_status(s, Archive).unwrap(), Archived);
        }
        let invalid = [
            (PendingReview, Submit),
            (Approved, Submit),
            (Draft, Approve),
            (Draft, Reject),
            (Approved, Approve),
            (Approved, Reject),
            (Rejected, Approve),
            (Rejected, Reject),
            (Archived, Submit),
            (Archived, Approve),
            (Archived, Reject),
            (Archived, Archive),
            (Archived, edit(false)),
        ];
        for (from, t) in invalid {
            let err = next_status(from, t).unwrap_err();
            assert_eq!(err.status_code(), 409, "{from:?} {t:?}");
        }
    }
}
