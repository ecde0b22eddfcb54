//! Sending the emails the notices queue up, with retries. Development never mails the outside
//! world: without `SMTP_URL` (say `smtp://127.0.0.1:1025`, a local catcher) messages are
//! written as `.eml` files into `MAIL_DIR`. Each try is counted in `emails_total{outcome}`:
//! `sent`, or `failed` (tried again later, up to [`MAX_ATTEMPTS`] tries).

use std::time::Duration;

use lettre::{
    AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, MultiPart},
};
use prometheus::{IntCounterVec, Opts, Registry};
use service_kit::{events::backoff, metrics::register};
use sqlx::PgPool;
use uuid::Uuid;

/// After this many failed tries an email is given up (and the notice marked failed).
pub const MAX_ATTEMPTS: i32 = 8;
/// The `outcome`s of `emails_total`.
const SENT: &str = "sent";
const FAILED: &str = "failed";

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Folder(AsyncFileTransport<Tokio1Executor>),
}

pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    tries: IntCounterVec,
}

impl Mailer {
    /// A mailer whose `emails_total` no registry serves (see [`Mailer::reporting_to`]).
    pub fn new(transport: Transport, from: &str) -> anyhow::Result<Self> {
        let tries = IntCounterVec::new(
            Opts::new(
                "emails_total",
                "Tries at sending an email: sent, or failed (tried again, up to a limit)",
            ),
            &["outcome"],
        )?;
        // Both series from the start, at 0: a rate over a series that appears late misses its
        // first increase.
        for outcome in [SENT, FAILED] {
            tries.with_label_values(&[outcome]);
        }
        Ok(Self {
            transport,
            from: from.parse()?,
            tries,
        })
    }

    /// The same mailer, its `emails_total` served from `registry`.
    pub fn reporting_to(self, registry: &Registry) -> anyhow::Result<Self> {
        register(registry, &self.tries)?;
        Ok(self)
    }

    /// SMTP when configured, else the mail folder.
    pub fn from_config(config: &crate::config::NotificationConfig) -> anyhow::Result<Self> {
        let transport = match &config.smtp_url {
            Some(url) => Transport::Smtp(smtp(url)?),
            None => {
                std::fs::create_dir_all(&config.mail_dir)?;
                Transport::Folder(AsyncFileTransport::new(&config.mail_dir))
            }
        };
        Self::new(transport, &config.mail_from)
    }

    async fn send(&self, message: Message) -> anyhow::Result<()> {
        match &self.transport {
            Transport::Smtp(smtp) => smtp.send(message).await.map(drop)?,
            Transport::Folder(folder) => folder.send(message).await.map(drop)?,
        }
        Ok(())
    }

    /// Sends the emails that are due; answers how many went out. (An email to a walk-in
    /// customer has no notification to mark.)
    pub async fn send_due(&self, pool: &PgPool) -> anyhow::Result<usize> {
        let mut tx = pool.begin().await?;
        let due: Vec<DueEmail> = sqlx::query_as(
            "SELECT id, notification_id, to_address, subject, text_body, html_body, attempts
             FROM emails WHERE status = 'pending' AND next_attempt_at <= now()
             ORDER BY next_attempt_at LIMIT 20 FOR UPDATE SKIP LOCKED",
        )
        .fetch_all(&mut *tx)
        .await?;
        let mut sent = 0;
        for DueEmail(id, notification_id, to, subject, text, html, attempts) in due {
            let result = async {
                let message = Message::builder()
                    .from(self.from.clone())
                    .to(to.parse()?)
                    .subject(subject)
                    .multipart(MultiPart::alternative_plain_html(text, html))?;
                self.send(message).await
            }
            .await;
            // Counted as it happens: the email went out (or did not) whether or not the record
            // of it is committed.
            let outcome = if result.is_ok() { SENT } else { FAILED };
            self.tries.with_label_values(&[outcome]).inc();
            match result {
                Ok(()) => {
                    sent += 1;
                    sqlx::query("UPDATE emails SET status = 'sent', sent_at = now(), attempts = attempts + 1 WHERE id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query(
                        "UPDATE notifications SET status = 'sent', sent_at = now() WHERE id = $1",
                    )
                    .bind(notification_id)
                    .execute(&mut *tx)
                    .await?;
                }
                Err(error) => {
                    let gave_up = attempts + 1 >= MAX_ATTEMPTS;
                    tracing::warn!(email = %id, attempts = attempts + 1, gave_up, error = format!("{error:#}"), "email not sent");
                    let wait = backoff(attempts as u32).as_millis() as i64 * 5;
                    sqlx::query(
                        "UPDATE emails SET attempts = attempts + 1, last_error = $2,
                                status = CASE WHEN $3 THEN 'failed' ELSE 'pending' END,
                                next_attempt_at = now() + make_interval(secs => $4::float8 / 1000)
                         WHERE id = $1",
                    )
                    .bind(id)
                    .bind(format!("{error:#}"))
                    .bind(gave_up)
                    .bind(wait as f64)
                    .execute(&mut *tx)
                    .await?;
                    if gave_up {
                        sqlx::query("UPDATE notifications SET status = 'failed' WHERE id = $1")
                            .bind(notification_id)
                            .execute(&mut *tx)
                            .await?;
                    }
                }
            }
        }
        tx.commit().await?;
        Ok(sent)
    }
}

/// An email due to go: id, notification, to, subject, text, HTML, attempts so far.
#[derive(sqlx::FromRow)]
struct DueEmail(Uuid, Option<Uuid>, String, String, String, String, i32);

/// Plain SMTP to `smtp://host:port` (a local relay or catcher).
pub fn smtp(url: &str) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
    let rest = url
        .strip_prefix("smtp://")
        .ok_or_else(|| anyhow::anyhow!("SMTP_URL must look like smtp://host:port"))?;
    let (host, port) = rest.rsplit_once(':').unwrap_or((rest, "25"));
    Ok(
        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(port.parse()?)
            .timeout(Some(Duration::from_secs(10)))
            .build(),
    )
}

/// Sends due emails for as long as the service runs.
pub fn spawn(pool: PgPool, mailer: Mailer, every: Duration) {
    tokio::spawn(async move {
        loop {
            match mailer.send_due(&pool).await {
                Ok(0) => {}
                Ok(sent) => tracing::info!(sent, "emails sent"),
                Err(error) => tracing::warn!(error = format!("{error:#}"), "mailer round failed"),
            }
            tokio::time::sleep(every).await;
        }
    });
}
