//! The PostgreSQL pool. It connects lazily, so a service starts (and reports the database as
//! down on `/health`) even while PostgreSQL is unreachable, instead of crash-looping.

use std::time::Duration;

use anyhow::Context;
use sqlx::{PgPool, postgres::PgPoolOptions};

pub fn lazy_pool(database_url: &str, acquire_timeout: Duration) -> anyhow::Result<PgPool> {
    PgPoolOptions::new()
        .max_connections(10)
        .acquire_timeout(acquire_timeout)
        .connect_lazy(database_url)
        .context("the database URL is not valid")
}
