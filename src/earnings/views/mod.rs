//! `/seller/earnings`: the statement.

mod statement;

pub use statement::EarningsPage;
