//! Each service's OpenAPI 3.1 document, generated from its code: every handler carries a
//! `#[utoipa::path]` and is routed with `utoipa_axum::routes!`, so a route cannot be served
//! without being described. The document is at `GET /openapi.json`; Swagger UI, built into the
//! binary, at `GET /docs/` (both also behind the gateway, `/api/<service>/...`).
//!
//! What every answer may be besides what a handler says (a timeout, a body too large, a missing
//! or insufficient token, a dependency down) is added to every operation here, in one place.

use axum::Router;
use utoipa::{
    Modify, OpenApi, ToSchema,
    openapi::{
        self, ContentBuilder, Ref, RefOr, ResponseBuilder, ServerBuilder,
        path::Operation,
        security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
    },
};
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::error::FieldError;

/// A service's routes with their documentation (state applied).
pub type ApiRouter = utoipa_axum::router::OpenApiRouter;

/// The name of the bearer-token scheme handlers name in `security(...)`.
pub const BEARER: &str = "bearer";

/// The body of every error answer (`crate::error`). Some errors add fields beside these
/// (`conflicts`, `reason`, ...), which their operations describe.
#[derive(serde::Serialize, ToSchema)]
#[schema(as = Error)]
pub struct ErrorBody {
    /// English; for input that is not valid, the wrong fields.
    pub detail: ErrorDetail,
    /// A stable word for the error (`seats_taken`, `not_found`, `invalid_input`, ...).
    pub code: String,
    /// The values the message names, for saying it in another language.
    #[schema(value_type = Option<Object>)]
    pub params: Option<serde_json::Value>,
}

/// `detail`: a sentence, or the fields that are wrong.
#[derive(serde::Serialize, ToSchema)]
#[serde(untagged)]
pub enum ErrorDetail {
    Message(String),
    Fields(Vec<FieldError>),
}

/// What every service says at its root, about its health and in its metrics.
#[derive(OpenApi)]
#[openapi(
    paths(
        crate::server::about,
        crate::health::health,
        crate::health::status,
        crate::health::live,
        crate::metrics::endpoint
    ),
    components(schemas(ErrorBody, ErrorDetail, FieldError)),
    modifiers(&StandardAnswers)
)]
struct StandardEndpoints;

/// The whole document of `service` (e.g. `movie`, reached at `/api/<gateway_prefix>`): its own
/// routes' and the standard endpoints'.
pub fn document(service: &str, gateway_prefix: &str, own: openapi::OpenApi) -> openapi::OpenApi {
    let mut api = StandardEndpoints::openapi().merge_from(own);
    api.info.title = format!("Marquee {service} service");
    api.info.version = env!("CARGO_PKG_VERSION").to_owned();
    api.info.description = Some(format!(
        "The {service} service's HTTP API, generated from its code. Through the gateway every \
         path is under `/api/{gateway_prefix}`; errors are JSON `{{\"detail\", \"code\"}}`."
    ));
    api.info.license = Some(openapi::LicenseBuilder::new().name("MIT").build());
    api.servers = Some(vec![
        ServerBuilder::new()
            .url(format!("/api/{gateway_prefix}"))
            .description(Some("through the gateway"))
            .build(),
    ]);
    // Applied again so that the service's own operations get the standard answers too.
    StandardAnswers.modify(&mut api);
    api
}

/// Serves `handler` at `alias` too, as the POST it is at `path` (a second name the original's
/// clients use, e.g. `POST /book` for `POST /bookings`), and describes it there, the same answers
/// under an operation id of its own.
pub fn post_alias<H, T, S>(
    router: utoipa_axum::router::OpenApiRouter<S>,
    path: &str,
    alias: &str,
    handler: H,
) -> utoipa_axum::router::OpenApiRouter<S>
where
    H: axum::handler::Handler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    let mut router = router.route(alias, axum::routing::post(handler));
    let api = router.get_openapi_mut();
    let operation = (api.paths.paths.get(path))
        .and_then(|item| item.post.clone())
        .map(|mut operation| {
            operation.operation_id = (operation.operation_id.take()).map(|id| {
                format!(
                    "{id}_at_{}",
                    alias.trim_start_matches('/').replace('/', "_")
                )
            });
            operation
        });
    api.paths.paths.entry(alias.to_owned()).or_default().post = operation;
    router
}

/// `/openapi.json` and Swagger UI at `/docs/` for `api`.
pub fn routes(api: openapi::OpenApi) -> Router {
    // Relative to the page, so it is found behind the gateway's prefix too.
    let config = Config::new(["../openapi.json"]).try_it_out_enabled(true);
    let document = std::sync::Arc::new(api);
    Router::new()
        .route(
            "/openapi.json",
            axum::routing::get(move || std::future::ready(axum::Json(document.clone()))),
        )
        .merge(SwaggerUi::new("/docs").config(config))
}

/// Adds the bearer scheme and, to every operation, the answers the plumbing may give whatever
/// the handler: 401/403 where a token is required, 400/413/415 where a body is read, 404 where
/// the path names something, 422 where input is read, and 408, 429, 500 and 503 everywhere.
struct StandardAnswers;

impl Modify for StandardAnswers {
    fn modify(&self, api: &mut openapi::OpenApi) {
        let components = api.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "An access token from the auth service's `POST /token` (EdDSA JWT).",
                    ))
                    .build(),
            ),
        );
        for item in api.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                add_standard_answers(operation);
            }
        }
    }
}

fn add_standard_answers(operation: &mut Operation) {
    let secured =
        (operation.security.as_ref()).is_some_and(|requirements| !requirements.is_empty());
    let parameters = operation.parameters.as_deref().unwrap_or_default();
    let names_something = parameters.iter().any(|parameter| match parameter {
        RefOr::T(parameter) => {
            matches!(parameter.parameter_in, openapi::path::ParameterIn::Path)
        }
        RefOr::Ref(_) => false,
    });
    let reads_body = operation.request_body.is_some();
    let reads_input = reads_body || !parameters.is_empty();
    let answers = [
        (
            reads_body,
            "400",
            "The body is not well-formed JSON (or form)",
        ),
        (
            secured,
            "401",
            "No token, or one that is expired, revoked or not ours",
        ),
        (secured, "403", "The token's role may not do this"),
        (
            names_something,
            "404",
            "Nothing with that id (or an id that is not one)",
        ),
        (
            true,
            "408",
            "The answer took longer than the service allows",
        ),
        (reads_body, "413", "The body is too large"),
        (
            reads_body,
            "415",
            "The body is not of a type this call reads",
        ),
        (
            reads_input,
            "422",
            "Input that is not valid: `detail` lists the fields",
        ),
        (
            true,
            "429",
            "Too many requests from this address or for this account",
        ),
        (true, "500", "An internal failure"),
        (true, "503", "A service this call needs is unavailable"),
    ];
    for (applies, status, description) in answers {
        if applies && !operation.responses.responses.contains_key(status) {
            operation
                .responses
                .responses
                .insert(status.to_owned(), error_answer(description));
        }
    }
}

fn error_answer(description: &str) -> RefOr<openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Error")))
                    .build(),
            )
            .build(),
    )
}
