//! The notification service's own settings, read once at start; a bad value stops the service
//! with the variable's name.

use anyhow::Context;
use marquee_i18n::Language;
use service_kit::config::var;

/// `DEFAULT_LANGUAGE`, which must be a language Marquee has messages for.
pub fn default_language() -> anyhow::Result<Language> {
    let code = var("DEFAULT_LANGUAGE").unwrap_or_else(|| "vi".into());
    Language::from_code(&code)
        .with_context(|| format!("DEFAULT_LANGUAGE={code} is not a language Marquee speaks"))
}

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
    /// `CURRENCY` (`VND`): the ISO code of the amounts in notices.
    pub currency: String,
    /// `DEFAULT_LANGUAGE` (`vi`): the language of notices whose booking does not say one.
    pub default_language: Language,
}

impl NotificationConfig {
    pub fn from_env() -> anyhow::Result<Self> {
        Ok(Self {
            public_url: var("PUBLIC_URL").unwrap_or_else(|| "http://127.0.0.1:8080".into()),
            mail_from: var("MAIL_FROM").unwrap_or_else(|| "Marquee <tickets@marquee.local>".into()),
            smtp_url: var("SMTP_URL"),
            mail_dir: var("MAIL_DIR").unwrap_or_else(|| ".data/mail".into()),
            currency: var("CURRENCY").map_or_else(|| "VND".into(), |code| code.to_uppercase()),
            default_language: default_language()?,
        })
    }
}
