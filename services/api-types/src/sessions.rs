//! Sign-in sessions: the shape of a refresh token, which the auth service issues and the web app
//! keeps in a cookie. The web app refuses a cookie of any other shape without asking the auth
//! service (a random cookie must cost nothing).

/// Random bytes in a refresh token.
pub const REFRESH_TOKEN_BYTES: usize = 32;
/// Its length as the auth service writes it: URL-safe base64 without padding.
pub const REFRESH_TOKEN_LEN: usize = REFRESH_TOKEN_BYTES.div_ceil(3) * 4 - 1;

/// Whether `token` could be a refresh token the auth service issued.
pub fn is_well_formed_refresh_token(token: &str) -> bool {
    token.len() == REFRESH_TOKEN_LEN
        && token
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_of_the_issued_shape_is_well_formed_and_nothing_else() {
        assert_eq!(REFRESH_TOKEN_LEN, 43);
        assert!(is_well_formed_refresh_token(&"aZ09-_".repeat(8)[..43]));
        for bad in [
            "",
            "short",
            &"a".repeat(42),
            &"a".repeat(44),
            &format!("{}=", "a".repeat(42)),
            &format!("{}/", "a".repeat(42)),
            &format!("{}a", "é".repeat(21)),
        ] {
            assert!(!is_well_formed_refresh_token(bad), "{bad:?}");
        }
    }
}
