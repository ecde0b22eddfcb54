//! Accounts: validation of what people type, and their rows.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use service_kit::{ApiError, ApiResult, Validator, auth::Role};
use sqlx::{PgExecutor, PgPool};
use uuid::Uuid;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UserRow {
    pub id: Uuid,
    pub email: String,
    pub username: String,
    pub password_hash: String,
    pub full_name: Option<String>,
    pub phone_number: Option<String>,
    pub language: Option<String>,
    pub role: Role,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
}

/// What an account may do, as the API names it: a customer, box-office staff, or an admin.
/// (The schema of `service_kit::auth::Role`, which carries none of its own.)
#[derive(Debug, Clone, Copy, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum AccountRole {
    Customer,
    Staff,
    Admin,
}

/// An account as the API shows it: never the password hash.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub username: String,
    pub full_name: Option<String>,
    pub phone_number: Option<String>,
    /// The language the person chose for Marquee's pages and messages (`vi`, `en`), if any.
    pub language: Option<String>,
    #[schema(value_type = AccountRole)]
    pub role: Role,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
}

impl From<UserRow> for User {
    fn from(row: UserRow) -> Self {
        Self {
            id: row.id,
            email: row.email,
            username: row.username,
            full_name: row.full_name,
            phone_number: row.phone_number,
            language: row.language,
            role: row.role,
            is_active: row.is_active,
            created_at: row.created_at,
        }
    }
}

/// `POST /register`'s body. No `Debug`: it carries a password.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct Registration {
    pub email: String,
    /// 3 to 50 letters, digits, `_`, `.` or `-`.
    pub username: String,
    /// 8 to 128 characters.
    #[schema(format = Password)]
    pub password: String,
    pub full_name: Option<String>,
    pub phone_number: Option<String>,
}

/// `PUT /profile`'s body: only the fields given change (an empty full name or phone number
/// clears it).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileUpdate {
    pub email: Option<String>,
    pub full_name: Option<String>,
    pub phone_number: Option<String>,
    /// A language tag (`vi`, `en-GB`); which languages exist is the web app's to know.
    pub language: Option<String>,
}

pub fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    email.len() <= 254
        && !local.is_empty()
        && local.len() <= 64
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && !local.contains('@')
        && domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

pub fn valid_username(username: &str) -> bool {
    (3..=50).contains(&username.chars().count())
        && username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

pub fn valid_phone(phone: &str) -> bool {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    (6..=15).contains(&digits)
        && phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')' | '.'))
}

pub const MIN_PASSWORD: usize = 8;
/// Bounds the hashing work a request can ask for.
pub const MAX_PASSWORD: usize = 128;

pub fn check_password(validator: &mut Validator, field: &str, password: &str) {
    let length = password.chars().count();
    validator.check(
        length >= MIN_PASSWORD,
        field,
        "Password must be at least 8 characters",
    );
    validator.check(
        length <= MAX_PASSWORD,
        field,
        "Password must be at most 128 characters",
    );
}

/// Trims optional text; empty means absent.
pub fn optional(value: Option<String>) -> Option<String> {
    value
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

fn check_full_name(validator: &mut Validator, full_name: Option<&String>) {
    validator.check(
        full_name.is_none_or(|name| name.chars().count() <= 100),
        "full_name",
        "Full name must be at most 100 characters",
    );
}

fn check_phone(validator: &mut Validator, phone: Option<&str>) {
    validator.check(
        phone.is_none_or(|phone| phone.is_empty() || valid_phone(phone)),
        "phone_number",
        "Enter a valid phone number",
    );
}

impl ProfileUpdate {
    /// The update with whitespace trimmed, or 422 naming every wrong field. An empty full name
    /// or phone number clears it; an empty email leaves it as it is.
    pub fn validated(self) -> ApiResult<Self> {
        let update = Self {
            email: optional(self.email),
            full_name: self.full_name.map(|name| name.trim().to_owned()),
            phone_number: self.phone_number.map(|phone| phone.trim().to_owned()),
            language: optional(self.language),
        };
        let mut validator = Validator::default();
        validator.check(
            update
                .language
                .as_deref()
                .is_none_or(service_kit::preferred_language::is_language_tag),
            "language",
            "Enter a language tag such as vi or en",
        );
        validator.check(
            update.email.as_deref().is_none_or(valid_email),
            "email",
            "Enter a valid email address",
        );
        check_full_name(&mut validator, update.full_name.as_ref());
        check_phone(&mut validator, update.phone_number.as_deref());
        validator.finish()?;
        Ok(update)
    }
}

impl Registration {
    /// The registration with whitespace trimmed, or 422 naming every wrong field.
    pub fn validated(self) -> ApiResult<Self> {
        let registration = Self {
            email: self.email.trim().to_owned(),
            username: self.username.trim().to_owned(),
            password: self.password,
            full_name: optional(self.full_name),
            phone_number: optional(self.phone_number),
        };
        let mut validator = Validator::default();
        validator
            .check(
                valid_email(&registration.email),
                "email",
                "Enter a valid email address",
            )
            .check(
                valid_username(&registration.username),
                "username",
                "Username must be 3-50 letters, digits, '_', '.' or '-'",
            )
            .check(
                registration
                    .full_name
                    .as_ref()
                    .is_none_or(|name| name.chars().count() <= 100),
                "full_name",
                "Full name must be at most 100 characters",
            )
            .check(
                registration.phone_number.as_deref().is_none_or(valid_phone),
                "phone_number",
                "Enter a valid phone number",
            );
        check_password(&mut validator, "password", &registration.password);
        validator.finish()?;
        Ok(registration)
    }
}

const COLUMNS: &str = "id, email, username, password_hash, full_name, phone_number, language, role,
     is_active, created_at";

pub async fn insert(
    pool: &PgPool,
    registration: &Registration,
    password_hash: &str,
    role: Role,
) -> ApiResult<User> {
    let result = sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(format!(
        "INSERT INTO users (email, username, password_hash, full_name, phone_number, role)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}"
    )))
    .bind(&registration.email)
    .bind(&registration.username)
    .bind(password_hash)
    .bind(&registration.full_name)
    .bind(&registration.phone_number)
    .bind(role)
    .fetch_one(pool)
    .await;
    result.map(User::from).map_err(duplicate_as_400)
}

/// A unique-index violation is the caller's duplicate, said plainly.
pub fn duplicate_as_400(error: sqlx::Error) -> ApiError {
    match error.as_database_error().and_then(|db| db.constraint()) {
        Some("users_email_key") => {
            ApiError::BadRequest("Email already registered".into()).coded("email_taken")
        }
        Some("users_username_key") => {
            ApiError::BadRequest("Username already taken".into()).coded("username_taken")
        }
        _ => error.into(),
    }
}

/// By username or email, case-insensitively.
pub async fn find_by_login(pool: &PgPool, login: &str) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM users WHERE lower(username) = lower($1) OR lower(email) = lower($1)
         ORDER BY lower(username) = lower($1) DESC LIMIT 1"
    )))
    .bind(login)
    .fetch_optional(pool)
    .await
}

pub async fn find(executor: impl PgExecutor<'_>, id: Uuid) -> sqlx::Result<Option<UserRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM users WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(executor)
    .await
}

pub async fn update_profile(pool: &PgPool, id: Uuid, update: &ProfileUpdate) -> ApiResult<User> {
    sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(format!(
        "UPDATE users SET email = coalesce($2, email), full_name = coalesce($3, full_name),
                phone_number = coalesce($4, phone_number), language = coalesce($5, language),
                updated_at = now()
         WHERE id = $1 RETURNING {COLUMNS}"
    )))
    .bind(id)
    .bind(&update.email)
    .bind(&update.full_name)
    .bind(&update.phone_number)
    .bind(&update.language)
    .fetch_optional(pool)
    .await
    .map_err(duplicate_as_400)?
    .map(User::from)
    .ok_or_else(|| ApiError::NotFound("User not found".into()))
}

pub async fn set_password(
    executor: impl PgExecutor<'_>,
    id: Uuid,
    password_hash: &str,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1")
        .bind(id)
        .bind(password_hash)
        .execute(executor)
        .await
        .map(drop)
}

/// Enables or disables the account (a disabled one cannot sign in or refresh).
pub async fn set_active(executor: impl PgExecutor<'_>, id: Uuid, active: bool) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET is_active = $2, updated_at = now() WHERE id = $1")
        .bind(id)
        .bind(active)
        .execute(executor)
        .await
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(valid_email("test@example.com"));
        assert!(valid_email("a.b+c@sub.example.vn"));
        assert!(!valid_email("no-at-sign"));
        assert!(!valid_email("a@b"));
        assert!(!valid_email("a b@example.com"));
        assert!(!valid_email("@example.com"));
        assert!(!valid_email("a@example..com"));
    }

    #[test]
    fn usernames() {
        assert!(valid_username("testuser"));
        assert!(valid_username("a.b-c_1"));
        assert!(!valid_username("ab"));
        assert!(!valid_username(&"x".repeat(51)));
        assert!(!valid_username("has space"));
        assert!(!valid_username("emoji🎬"));
    }

    #[test]
    fn the_original_clients_password_is_long_enough() {
        let mut validator = Validator::default();
        check_password(&mut validator, "password", "test123456");
        assert!(validator.finish().is_ok());
        check_password(&mut validator, "password", "short");
        assert!(validator.finish().is_err());
    }
}
