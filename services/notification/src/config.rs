//! The notification service's own settings, read once at start; a bad value stops the service
//! with the variable's name.

use service_kit::config::var;

#[derive(Debug, Clone)]
pub struct NotificationConfig {
    /// `PUBLIC_URL` (`http://127.0.0.1:8080`): where links in notices and emails point.
    pub public_url: String,
    /// `MAIL_FROM` (`Marquee <tickets@marquee.local>`): the sender of every email.
    pub mail_from: String,
    /// `SMTP_URL` (none): plain SMTP to a local relay or catcher; without it emails are written
    /// to `mail_dir`.
    pub smtp_url: Option<String>,
    /// `MAIL_DIR` (`.data/mail`): the folder emails go to when there is no SMTP server.
    pub mail_dir: String,
}

impl NotificationConfig {
    pub fn from_env() -> anyhow::Result<Self> {
        Ok(Self {
            public_url: var("PUBLIC_URL").unwrap_or_else(|| "http://127.0.0.1:8080".into()),
            mail_from: var("MAIL_FROM").unwrap_or_else(|| "Marquee <tickets@marquee.local>".into()),
            smtp_url: var("SMTP_URL"),
            mail_dir: var("MAIL_DIR").unwrap_or_else(|| ".data/mail".into()),
        })
    }
}
