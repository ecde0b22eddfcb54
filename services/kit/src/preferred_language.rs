//! The language a request prefers, from its `Accept-Language`: a service that writes to a
//! person later (an email about their booking) keeps it with what they asked for.

use axum::{extract::FromRequestParts, http::request::Parts};

/// The request's most preferred language tag (`vi-VN`), if it names a well-formed one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreferredLanguage(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for PreferredLanguage {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        Ok(Self(preferred(header)))
    }
}

/// The tag of highest weight (the first of equals) that is a well-formed language tag.
pub fn preferred(accept_language: &str) -> Option<String> {
    let mut best: Option<(f32, &str)> = None;
    for item in accept_language.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or_default().trim();
        let weight = parts
            .find_map(|part| part.trim().strip_prefix("q="))
            .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok());
        let Some(weight) = weight else { continue };
        if weight > 0.0 && is_language_tag(tag) && best.is_none_or(|(top, _)| weight > top) {
            best = Some((weight, tag));
        }
    }
    best.map(|(_, tag)| tag.to_owned())
}

/// A language tag as BCP 47 writes one (`vi`, `en-GB`): letters, digits and hyphens, 2 to 35
/// characters, starting with a letter. Which languages exist is the web app's to know.
pub fn is_language_tag(tag: &str) -> bool {
    (2..=35).contains(&tag.len())
        && tag.starts_with(|c: char| c.is_ascii_alphabetic())
        && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::preferred;

    #[test]
    fn the_heaviest_well_formed_tag_is_preferred() {
        assert_eq!(
            preferred("vi-VN,vi;q=0.9,en;q=0.8").as_deref(),
            Some("vi-VN")
        );
        assert_eq!(preferred("en;q=0.5, vi;q=0.7").as_deref(), Some("vi"));
        assert_eq!(preferred("*, en;q=0.1").as_deref(), Some("en"));
        assert_eq!(preferred("<script>, x"), None);
        assert_eq!(preferred(""), None);
    }
}
