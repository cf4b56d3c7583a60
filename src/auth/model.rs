//! Types shared by the server and the browser for signing in and knowing who is signed in.

use serde::{Deserialize, Serialize};
use validator::{Validate, ValidateEmail};

/// What a user may do. Sellers manage their own catalogue and payouts; admins moderate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Seller,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Seller => "seller",
            Self::Admin => "admin",
        }
    }

    /// Where a user of this role lands after signing in.
    pub fn home(self) -> &'static str {
        match self {
            Self::Seller => "/seller",
            Self::Admin => "/admin",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Seller => "Seller",
            Self::Admin => "Admin",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "seller" => Ok(Self::Seller),
            "admin" => Ok(Self::Admin),
            other => Err(format!("'{other}' is not a role (seller, admin)")),
        }
    }
}

/// A seller, for admins' filters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellerRef {
    pub id: String,
    pub name: String,
}

/// The signed-in user, as pages and server functions see them. No secrets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CurrentUser {
    /// The user's id (a UUID without dashes).
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
}

impl CurrentUser {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// Up to two initials for the avatar.
    pub fn initials(&self) -> String {
        self.name.split_whitespace().filter_map(|w| w.chars().next()).take(2).flat_map(char::to_uppercase).collect()
    }
}

pub const MAX_EMAIL_LEN: u64 = 254;
pub const MAX_PASSWORD_LEN: u64 = 1024;

/// The sign-in form and `POST /api/auth/login` body.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LoginInput {
    #[validate(
        length(max = 254, message = "That email address is too long (254 characters at most)."),
        custom(function = "valid_email")
    )]
    #[cfg_attr(feature = "ssr", schema(example = "seller@example.com"))]
    pub email: String,
    #[validate(
        length(max = 1024, message = "That password is too long (1024 characters at most)."),
        custom(function = "present_password")
    )]
    #[cfg_attr(feature = "ssr", schema(example = "hamro-seller"))]
    pub password: String,
}

/// Debug never prints the password (server functions log their arguments on failure).
impl std::fmt::Debug for LoginInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginInput").field("email", &self.email).field("password", &"[redacted]").finish()
    }
}

fn valid_email(email: &str) -> Result<(), validator::ValidationError> {
    let email = email.trim();
    if email.is_empty() {
        Err(validator::ValidationError::new("required").with_message("Enter your email address.".into()))
    } else if email.validate_email() {
        Ok(())
    } else {
        Err(validator::ValidationError::new("email")
            .with_message("Enter a valid email address, like name@example.com.".into()))
    }
}

fn present_password(password: &str) -> Result<(), validator::ValidationError> {
    if password.is_empty() {
        Err(validator::ValidationError::new("required").with_message("Enter your password.".into()))
    } else {
        Ok(())
    }
}

/// A path inside Hamro (`/seller/products`), never another site (`//evil.example`, `https://...`).
pub fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
        && path.len() <= 512
}

/// Lower-cases and trims an email address so look-ups don't depend on how it was typed.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// An account, as admins see it on the users page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserAccount {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// Disabled by an admin: signed out everywhere and unable to sign in.
    pub disabled: bool,
}

/// The shortest password an account may be given (sign-in accepts whatever was set).
pub const MIN_NEW_PASSWORD_LEN: usize = 10;

/// The password change form and `POST /api/auth/password` body.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
    /// The new password again (the form asks twice; REST clients may leave it out).
    #[serde(default)]
    pub confirm_password: Option<String>,
}

impl std::fmt::Debug for PasswordChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordChange([redacted])")
    }
}

impl PasswordChange {
    /// The field errors of a change that cannot be right, before any password is checked.
    pub fn check(&self) -> Result<(), crate::error::AppError> {
        let mut fields = crate::error::FieldErrors::new();
        if self.current_password.is_empty() {
            fields.insert("current_password".into(), "Enter your current password.".into());
        }
        let len = self.new_password.chars().count();
        if len < MIN_NEW_PASSWORD_LEN || len > MAX_PASSWORD_LEN as usize {
            fields.insert(
                "new_password".into(),
                format!("Use a new password of {MIN_NEW_PASSWORD_LEN} to {MAX_PASSWORD_LEN} characters."),
            );
        } else if self.new_password == self.current_password {
            fields.insert("new_password".into(), "Choose a password different from the current one.".into());
        }
        if self.confirm_password.as_ref().is_some_and(|c| *c != self.new_password) {
            fields.insert("confirm_password".into(), "The two new passwords differ.".into());
        }
        if fields.is_empty() { Ok(()) } else { Err(crate::error::AppError::fields(fields)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::validate;

    fn input(email: &str, password: &str) -> LoginInput {
        LoginInput { email: email.into(), password: password.into() }
    }

    #[test]
    fn password_changes_are_checked_before_anything_is_hashed() {
        let change = |current: &str, new: &str, confirm: Option<&str>| PasswordChange {
            current_password: current.into(),
            new_password: new.into(),
            confirm_password: confirm.map(Into::into),
        };
        assert!(change("old-password", "a-new-password", Some("a-new-password")).check().is_ok());
        assert!(change("old-password", "a-new-password", None).check().is_ok());
        let err = change("", "short", Some("other")).check().unwrap_err();
        for field in ["current_password", "new_password", "confirm_password"] {
            assert!(err.field_error(field).is_some(), "{field}: {err:?}");
        }
        assert!(
            change("same-password", "same-password", None).check().unwrap_err().field_error("new_password").is_some()
        );
    }

    #[test]
    fn empty_fields_are_named() {
        let err = validate(&input("", "")).unwrap_err();
        assert_eq!(err.field_error("email").as_deref(), Some("Enter your email address."));
        assert_eq!(err.field_error("password").as_deref(), Some("Enter your password."));
    }

    #[test]
    fn oversized_and_malformed_are_refused() {
        let long = format!("{}@example.com", "a".repeat(300));
        assert!(validate(&input(&long, "x")).unwrap_err().field_error("email").unwrap().contains("too long"));
        assert!(validate(&input("not-an-email", "x")).unwrap_err().field_error("email").is_some());
        assert!(validate(&input("a@b.co", &"x".repeat(2000))).unwrap_err().field_error("password").is_some());
        assert!(validate(&input(" Seller@Example.com ", "x")).is_ok());
    }

    #[test]
    fn only_local_paths_are_followed() {
        assert!(is_local_path("/seller/products"));
        assert!(!is_local_path("//evil.example"));
        assert!(!is_local_path("https://evil.example"));
        assert!(!is_local_path("/\\evil.example"));
        assert!(!is_local_path(""));
    }

    #[test]
    fn password_never_displayed() {
        assert!(!format!("{:?}", input("a@b.co", "hunter22")).contains("hunter22"));
    }
}
