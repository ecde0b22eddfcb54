use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde_json::{Value, json};
use service_kit::auth::{DEFAULT_AUDIENCE, DEFAULT_ISSUER, TokenVerifier};
use sqlx::PgPool;

use crate::support::{app, get, signed_in};

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn access_tokens_are_ed25519_jwts_verifiable_with_the_published_keys(pool: PgPool) {
    let app = app(pool);
    let (username, tokens) = signed_in(&app).await;
    let token = tokens["access_token"].as_str().unwrap();

    let jwks = get(&app, "/.well-known/jwks.json", None).await;
    assert_eq!(jwks.status, 200);
    let key = &jwks.body["keys"][0];
    assert_eq!(key["kty"], "OKP");
    assert_eq!(key["crv"], "Ed25519");
    assert!(
        key.get("d").is_none(),
        "the private half is never published"
    );

    let header = decode_part(token, 0);
    assert_eq!(header["alg"], "EdDSA");
    assert_eq!(header["kid"], key["kid"]);

    let set = serde_json::from_value(jwks.body).unwrap();
    let claims = TokenVerifier::from_jwks(&set, DEFAULT_ISSUER, DEFAULT_AUDIENCE)
        .verify(token)
        .await
        .unwrap();
    assert_eq!(claims.username, username);
    assert_eq!(claims.iss, DEFAULT_ISSUER);
    assert_eq!(claims.aud, DEFAULT_AUDIENCE);
    assert_eq!(claims.exp - claims.iat, 900);
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn after_a_key_rotation_old_tokens_still_verify_and_new_ones_use_the_new_key(pool: PgPool) {
    let app = app(pool.clone());
    let (_, before) = signed_in(&app).await;
    let old_token = before["access_token"].as_str().unwrap().to_owned();

    auth_service::keys::rotate(&pool).await.unwrap();
    let (_, after) = signed_in(&app).await;
    let new_token = after["access_token"].as_str().unwrap();
    assert_ne!(
        decode_part(&old_token, 0)["kid"],
        decode_part(new_token, 0)["kid"]
    );

    let jwks = get(&app, "/.well-known/jwks.json", None).await;
    assert_eq!(jwks.body["keys"].as_array().unwrap().len(), 2);
    assert_eq!(get(&app, "/verify", Some(&old_token)).await.status, 200);
    assert_eq!(get(&app, "/verify", Some(new_token)).await.status, 200);
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn sign_ins_that_find_no_key_at_once_all_sign_with_the_one_key_the_first_makes(pool: PgPool) {
    let mut first_sign_ins = tokio::task::JoinSet::new();
    for _ in 0..32 {
        let pool = pool.clone();
        first_sign_ins.spawn(async move { auth_service::keys::active(&pool).await.map(drop) });
    }
    while let Some(signed) = first_sign_ins.join_next().await {
        signed.unwrap().unwrap();
    }
    let keys: i64 = sqlx::query_scalar("SELECT count(*) FROM signing_keys")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(keys, 1, "one key made, not one per sign-in");
}

#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn forged_tokens_are_401s(pool: PgPool) {
    let app = app(pool);
    let (_, tokens) = signed_in(&app).await;
    let token = tokens["access_token"].as_str().unwrap();
    let [header, payload, signature]: [&str; 3] =
        token.split('.').collect::<Vec<_>>().try_into().unwrap();

    // A payload edited to claim the admin role, signature kept.
    let mut claims = decode_part(token, 1);
    claims["role"] = json!("admin");
    let tampered = format!("{header}.{}.{signature}", encode(&claims));
    // `alg: none` with no signature.
    let none = format!(
        "{}.{}.",
        encode(&json!({ "alg": "none", "typ": "JWT" })),
        payload
    );
    // HMAC with the public key as the secret (the classic confusion attack) is refused by alg.
    let hs256 = format!(
        "{}.{payload}.{signature}",
        encode(&json!({ "alg": "HS256", "kid": decode_part(token, 0)["kid"] }))
    );

    for forged in [tampered, none, hs256, "garbage".to_owned()] {
        let response = get(&app, "/verify", Some(&forged)).await;
        assert_eq!(response.status, 401, "{forged}");
    }
}

fn decode_part(token: &str, index: usize) -> Value {
    let part = token.split('.').nth(index).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

fn encode(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

/// Another service's view: it knows only the JWKS URL, fetches the keys over HTTP, and picks up
/// a rotated key on its own.
#[sqlx::test(migrator = "auth_service::MIGRATOR")]
async fn other_services_verify_with_the_keys_fetched_from_the_jwks_endpoint(pool: PgPool) {
    let app = app(pool.clone());
    let auth_url = service_kit::testing::serve(app.clone()).await;
    let verifier = TokenVerifier::from_jwks_url(
        format!("{auth_url}/.well-known/jwks.json"),
        DEFAULT_ISSUER,
        DEFAULT_AUDIENCE,
    );

    let (username, tokens) = signed_in(&app).await;
    let claims = verifier
        .verify(tokens["access_token"].as_str().unwrap())
        .await
        .unwrap();
    assert_eq!(claims.username, username);

    auth_service::keys::rotate(&pool).await.unwrap();
    let (_, rotated) = signed_in(&app).await;
    // Verifiers fetch keys at most once a second.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let claims = verifier
        .verify(rotated["access_token"].as_str().unwrap())
        .await
        .expect("the new key is fetched when a token names it");
    assert_eq!(claims.role, service_kit::auth::Role::Customer);
}
