//! The shared access-token extractor, with keys made here as the auth service makes them.

use std::sync::Arc;

use axum::{
    Router,
    body::Body,
    extract::FromRef,
    http::{Request, StatusCode},
    routing::get,
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use ed25519_dalek::{SigningKey, pkcs8::EncodePrivateKey};
use jsonwebtoken::{Algorithm, EncodingKey, Header, jwk::JwkSet};
use serde_json::json;
use service_kit::auth::{AdminUser, AuthUser, Claims, Role, TokenError, TokenVerifier};
use uuid::Uuid;

use crate::support::{json_body, send};

const ISSUER: &str = "marquee-auth";
const AUDIENCE: &str = "marquee";

#[derive(Clone, FromRef)]
struct State {
    verifier: Arc<TokenVerifier>,
}

struct Keys {
    kid: String,
    encoding: EncodingKey,
    jwks: JwkSet,
}

fn keys(seed: u8) -> Keys {
    let signing = SigningKey::from_bytes(&[seed; 32]);
    let der = signing.to_pkcs8_der().unwrap();
    let kid = format!("test-{seed}");
    let x = URL_SAFE_NO_PAD.encode(signing.verifying_key().to_bytes());
    let jwks = serde_json::from_value(json!({
        "keys": [{ "kty": "OKP", "crv": "Ed25519", "x": x, "kid": kid, "alg": "EdDSA", "use": "sig" }]
    }))
    .unwrap();
    Keys {
        kid,
        encoding: EncodingKey::from_ed_der(der.as_bytes()),
        jwks,
    }
}

fn claims(role: Role) -> Claims {
    let now = chrono::Utc::now().timestamp();
    Claims {
        iss: ISSUER.into(),
        aud: AUDIENCE.into(),
        sub: Uuid::new_v4(),
        exp: now + 600,
        iat: now,
        jti: Uuid::new_v4(),
        sid: Uuid::new_v4(),
        role,
        username: "tester".into(),
        email: None,
    }
}

fn sign(keys: &Keys, claims: &Claims) -> String {
    let mut header = Header::new(Algorithm::EdDSA);
    header.kid = Some(keys.kid.clone());
    jsonwebtoken::encode(&header, claims, &keys.encoding).unwrap()
}

async fn whoami(user: AuthUser) -> String {
    format!("{} {}", user.username, user.role.as_str())
}

async fn admin_only(AdminUser(user): AdminUser) -> String {
    user.username
}

fn app(keys: &Keys) -> Router {
    let state = State {
        verifier: TokenVerifier::from_jwks(&keys.jwks, ISSUER, AUDIENCE),
    };
    service_kit::with_standard_layers(
        Router::new()
            .route("/me", get(whoami))
            .route("/admin", get(admin_only))
            .with_state(state),
        &service_kit::ServiceContext::new(crate::support::config(), vec![]),
    )
}

async fn call(app: &Router, uri: &str, token: Option<&str>) -> (StatusCode, String) {
    let mut request = Request::get(uri);
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let response = send(app, request.body(Body::empty()).unwrap()).await;
    let status = response.status();
    if status == StatusCode::OK {
        (status, crate::support::text_body(response).await)
    } else {
        let body = json_body(response).await;
        (
            status,
            body["detail"].as_str().unwrap_or_default().to_owned(),
        )
    }
}

#[tokio::test]
async fn a_valid_token_names_the_caller_and_role() {
    let keys = keys(1);
    let token = sign(&keys, &claims(Role::Staff));
    assert_eq!(
        call(&app(&keys), "/me", Some(&token)).await,
        (StatusCode::OK, "tester staff".into())
    );
}

#[tokio::test]
async fn missing_expired_tampered_foreign_and_unsigned_tokens_are_401s() {
    let keys = keys(2);
    let app = app(&keys);

    let mut expired = claims(Role::Customer);
    expired.exp = chrono::Utc::now().timestamp() - 60;
    let mut wrong_audience = claims(Role::Customer);
    wrong_audience.aud = "another-app".into();
    let mut wrong_issuer = claims(Role::Customer);
    wrong_issuer.iss = "someone-else".into();
    let good = sign(&keys, &claims(Role::Customer));
    let (header, rest) = good.split_once('.').unwrap();
    let (payload, _) = rest.split_once('.').unwrap();
    let mut elevated = claims(Role::Admin);
    elevated.sub = Uuid::new_v4();
    let tampered = format!(
        "{header}.{}.{}",
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&elevated).unwrap()),
        good.rsplit('.').next().unwrap()
    );
    let unsigned = format!(
        "{}.{payload}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#)
    );
    // Signed with a key the auth service never published, under a published kid.
    let mut foreign_keys = self::keys(3);
    foreign_keys.kid = keys.kid.clone();
    let foreign = sign(&foreign_keys, &claims(Role::Customer));

    let (status, detail) = call(&app, "/me", None).await;
    assert_eq!(
        (status, detail.as_str()),
        (StatusCode::UNAUTHORIZED, "Not authenticated")
    );
    let (status, detail) = call(&app, "/me", Some(&sign(&keys, &expired))).await;
    assert_eq!(
        (status, detail.as_str()),
        (StatusCode::UNAUTHORIZED, "Token has expired")
    );
    for token in [
        sign(&keys, &wrong_audience),
        sign(&keys, &wrong_issuer),
        tampered,
        unsigned,
        foreign,
        "not.a.token".into(),
    ] {
        let (status, detail) = call(&app, "/me", Some(&token)).await;
        assert_eq!(
            (status, detail.as_str()),
            (StatusCode::UNAUTHORIZED, "Invalid token"),
            "{token}"
        );
    }
}

#[tokio::test]
async fn the_wrong_role_is_a_403() {
    let keys = keys(4);
    let app = app(&keys);
    let customer = sign(&keys, &claims(Role::Customer));
    let (status, _) = call(&app, "/admin", Some(&customer)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let admin = sign(&keys, &claims(Role::Admin));
    assert_eq!(call(&app, "/admin", Some(&admin)).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_revoked_session_or_account_stops_verifying_within_seconds() {
    use service_kit::revocation::{RevocationList, Revoked, revoke};
    let keys = keys(5);
    let redis = service_kit::cache::LazyRedis::open(&crate::support::redis_url()).unwrap();
    let verifier = TokenVerifier::from_jwks(&keys.jwks, ISSUER, AUDIENCE)
        .with_revocations(RevocationList::kept_from(redis.clone()));
    let app = service_kit::with_standard_layers(
        Router::new()
            .route("/me", get(whoami))
            .with_state(State { verifier }),
        &service_kit::ServiceContext::new(crate::support::config(), vec![]),
    );
    let signed_out = claims(Role::Customer);
    let mut elsewhere = claims(Role::Customer);
    elsewhere.sub = signed_out.sub;
    let (signed_out_token, elsewhere_token) = (sign(&keys, &signed_out), sign(&keys, &elsewhere));
    assert_eq!(
        call(&app, "/me", Some(&signed_out_token)).await.0,
        StatusCode::OK
    );

    let until = chrono::Utc::now() + chrono::Duration::minutes(20);
    revoke(&redis, Revoked::Session(signed_out.sid), until)
        .await
        .unwrap();
    let refused_within = |token: String| {
        let app = app.clone();
        async move {
            for _ in 0..50 {
                let answer = call(&app, "/me", Some(&token)).await;
                if answer.0 == StatusCode::UNAUTHORIZED {
                    return Some(answer.1);
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            None
        }
    };
    assert_eq!(
        refused_within(signed_out_token).await.as_deref(),
        Some("Session has ended")
    );
    // The same person's other session goes on, until the account itself is disabled.
    assert_eq!(
        call(&app, "/me", Some(&elsewhere_token)).await.0,
        StatusCode::OK
    );
    revoke(&redis, Revoked::User(signed_out.sub), until)
        .await
        .unwrap();
    assert_eq!(
        refused_within(elsewhere_token).await.as_deref(),
        Some("Session has ended")
    );
}

#[tokio::test]
async fn the_bearer_scheme_is_read_whatever_its_case() {
    let keys = keys(6);
    let app = app(&keys);
    let token = sign(&keys, &claims(Role::Customer));
    for scheme in ["Bearer", "bearer", "BEARER"] {
        let request = Request::get("/me")
            .header("authorization", format!("{scheme} {token}"))
            .body(Body::empty())
            .unwrap();
        assert_eq!(
            send(&app, request).await.status(),
            StatusCode::OK,
            "{scheme}"
        );
    }
}

#[tokio::test]
async fn a_token_is_checked_once_and_again_only_after_the_keys_change() {
    let (old, new) = (keys(7), keys(8));
    let verifier = TokenVerifier::from_jwks(&old.jwks, ISSUER, AUDIENCE);
    let token = sign(&old, &claims(Role::Customer));
    for _ in 0..3 {
        verifier.verify(&token).await.unwrap();
    }
    assert_eq!(verifier.signature_checks(), 1);

    // The old key is withdrawn: what it signed no longer verifies, remembered or not.
    verifier.set_keys(&new.jwks).await;
    assert!(matches!(
        verifier.verify(&token).await,
        Err(TokenError::Invalid)
    ));
    verifier
        .verify(&sign(&new, &claims(Role::Customer)))
        .await
        .unwrap();
    assert_eq!(verifier.signature_checks(), 2);
}

#[tokio::test]
async fn re_reading_the_same_keys_keeps_the_tokens_checked_under_them() {
    let keys = keys(10);
    let verifier = TokenVerifier::from_jwks(&keys.jwks, ISSUER, AUDIENCE);
    let token = sign(&keys, &claims(Role::Customer));
    verifier.verify(&token).await.unwrap();

    // What the periodic re-read does when nothing was rotated.
    verifier.set_keys(&keys.jwks).await;
    verifier.verify(&token).await.unwrap();

    assert_eq!(verifier.signature_checks(), 1);
}

#[tokio::test]
async fn a_remembered_token_expires_when_its_claims_say() {
    let keys = keys(9);
    let verifier = TokenVerifier::from_jwks(&keys.jwks, ISSUER, AUDIENCE);
    let mut nearly_expired = claims(Role::Customer);
    // Past its expiry, but within the five seconds' leeway for clocks: two seconds more.
    nearly_expired.exp = chrono::Utc::now().timestamp() - 4;
    let token = sign(&keys, &nearly_expired);
    verifier.verify(&token).await.unwrap();

    tokio::time::sleep(std::time::Duration::from_millis(2_500)).await;

    assert!(matches!(
        verifier.verify(&token).await,
        Err(TokenError::Expired)
    ));
}
