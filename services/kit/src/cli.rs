//! The one `main` every service runs: `<service> [serve|migrate|seed]`, written by
//! [`service_main!`](crate::service_main).

use std::{future::Future, pin::Pin};

use anyhow::Context;
use axum::Router;
use sqlx::{PgPool, migrate::Migrator};

use crate::{
    cache::LazyRedis,
    config::ServiceConfig,
    db,
    health::{BrokerProbe, Dependency},
    openapi::{self, ApiRouter},
    server::{self, ServiceContext},
    telemetry,
};

/// A service's `main`, running `$spec` (a [`ServiceSpec`]) with mimalloc as the allocator.
/// Serving JSON allocates and frees many small strings; glibc's allocator spent about a fifth of
/// the showtimes list's time in `malloc`, `free` and its arena lock (perf), as it did the BFF's
/// pages. Its settings (`MIMALLOC_*`, read at start) are where the services are started:
/// scripts/stack.sh and deploy/Dockerfile.
#[macro_export]
macro_rules! service_main {
    ($spec:expr) => {
        #[global_allocator]
        static ALLOCATOR: $crate::cli::MiMalloc = $crate::cli::MiMalloc;

        #[tokio::main]
        async fn main() -> anyhow::Result<()> {
            $crate::cli::main($spec).await
        }
    };
}

pub use mimalloc::MiMalloc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    Database,
    Redis,
    RabbitMq,
}

pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;
pub type SeedFn = fn(PgPool) -> BoxFuture<anyhow::Result<()>>;
/// A service's own command: gets the pool and the arguments after the command's name.
pub type CommandFn = fn(PgPool, Vec<String>) -> BoxFuture<anyhow::Result<()>>;

/// How to run one service.
pub struct ServiceSpec {
    pub name: &'static str,
    pub default_port: u16,
    pub needs: &'static [Needs],
    pub migrator: &'static Migrator,
    /// Builds the service's own routes with their documentation (state applied); the standard
    /// ones are added around them.
    pub routes: fn(&ServiceContext, PgPool) -> anyhow::Result<ApiRouter>,
    /// Loads demo data, idempotently.
    pub seed: Option<SeedFn>,
    /// Commands of the service's own, e.g. `create-admin`.
    pub commands: &'static [(&'static str, &'static str, CommandFn)],
}

impl ServiceSpec {
    /// A service with no demo data and no commands of its own (add them with the fields).
    pub const fn new(
        name: &'static str,
        default_port: u16,
        needs: &'static [Needs],
        migrator: &'static Migrator,
        routes: fn(&ServiceContext, PgPool) -> anyhow::Result<ApiRouter>,
    ) -> Self {
        Self {
            name,
            default_port,
            needs,
            migrator,
            routes,
            seed: None,
            commands: &[],
        }
    }
}

/// Builds the dependency list `/health` probes from what the service needs.
pub fn dependencies(
    config: &ServiceConfig,
    needs: &[Needs],
    pool: &PgPool,
) -> anyhow::Result<Vec<Dependency>> {
    needs
        .iter()
        .map(|need| {
            Ok(match need {
                Needs::Database => Dependency::Database(pool.clone()),
                Needs::Redis => Dependency::Redis(
                    LazyRedis::open(config.redis_url.as_str())
                        .context("REDIS_URL is not a valid Redis URL")?,
                ),
                Needs::RabbitMq => Dependency::RabbitMq(BrokerProbe::new(&config.amqp_url)),
            })
        })
        .collect()
}

/// The full application of a service: its routes, its API's document and docs page, and the
/// standard endpoints and middleware.
pub fn app(spec: &ServiceSpec, config: ServiceConfig, pool: PgPool) -> anyhow::Result<Router> {
    let dependencies = dependencies(&config, spec.needs, &pool)?;
    let context = ServiceContext::new(config, dependencies);
    let (routes, own_api) = (spec.routes)(&context, pool)?.split_for_parts();
    let api = openapi::document(spec.name, &spec.gateway_prefix(), own_api);
    Ok(server::with_standard_layers(
        routes.merge(openapi::routes(api)),
        &context,
    ))
}

impl ServiceSpec {
    /// Where the gateway serves this service: `/api/auth`, else its name in the plural
    /// (`/api/movies`, `/api/bookings`, ...), as the original's gateway did.
    pub fn gateway_prefix(&self) -> String {
        match self.name {
            "auth" => "auth".to_owned(),
            name => format!("{name}s"),
        }
    }
}

pub async fn main(spec: ServiceSpec) -> anyhow::Result<()> {
    telemetry::init(
        &format!("{}-service", spec.name),
        "info,sqlx=warn,tower_http=info",
    );
    let outcome = run_command(spec).await;
    telemetry::shutdown();
    outcome
}

async fn run_command(spec: ServiceSpec) -> anyhow::Result<()> {
    let config = ServiceConfig::from_env(spec.name, spec.default_port)?;
    let pool = db::lazy_pool(&config.database_url, config.dependency_timeout * 2)?;
    let command = std::env::args().nth(1).unwrap_or_else(|| "serve".into());
    match command.as_str() {
        "migrate" => migrate(&spec, &pool).await,
        "seed" => {
            migrate(&spec, &pool).await?;
            match spec.seed {
                Some(seed) if crate::config::demo_data_requested() => seed(pool).await,
                Some(_) => {
                    tracing::info!("DEMO_DATA is not `on`: migrations applied, no demo data");
                    Ok(())
                }
                None => Ok(()),
            }
        }
        // Every service that consumes events: put what its dead-letter queue holds back on the
        // queue once the cause is fixed.
        "replay-dead-letters" => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            let [flag, queue] = args.as_slice() else {
                anyhow::bail!("usage: {} replay-dead-letters --queue QUEUE", spec.name);
            };
            anyhow::ensure!(
                flag == "--queue",
                "usage: replay-dead-letters --queue QUEUE"
            );
            let replayed =
                crate::events::queues::replay_dead_letters(&config.amqp_url, queue).await?;
            println!("{replayed} message(s) put back on {queue}");
            Ok(())
        }
        "serve" => {
            // Migrations are forward-only and idempotent; running them at start keeps a
            // service and its schema from drifting apart. A database that is down is not
            // fatal: the service starts and reports it on /health.
            if let Err(error) = migrate(&spec, &pool).await {
                tracing::error!(error = %error, "migrations not applied at start");
            }
            let app = app(&spec, config.clone(), pool)?;
            server::run(app, &config).await
        }
        other => match spec.commands.iter().find(|(name, _, _)| *name == other) {
            Some((_, _, command)) => {
                migrate(&spec, &pool).await?;
                command(pool, std::env::args().skip(2).collect()).await
            }
            None => {
                let mut usage =
                    String::from("serve | migrate | seed | replay-dead-letters --queue Q");
                for (name, arguments, _) in spec.commands {
                    usage.push_str(&format!(" | {name} {arguments}"));
                }
                anyhow::bail!("unknown command {other:?}; usage: {} {usage}", spec.name)
            }
        },
    }
}

async fn migrate(spec: &ServiceSpec, pool: &PgPool) -> anyhow::Result<()> {
    spec.migrator
        .run(pool)
        .await
        .with_context(|| format!("migrating the {} database", spec.name))?;
    tracing::info!(service = spec.name, "migrations applied");
    Ok(())
}
