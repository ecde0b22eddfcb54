//! Storage, one module per aggregate: each owns every query on its tables and holds no
//! business rule.

pub mod idempotency;
pub mod payments;
