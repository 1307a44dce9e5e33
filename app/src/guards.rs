//! Proofs that a guard was passed. A use case that needs an admin or a
//! recent sign-in takes one of these in its signature, so it cannot be called
//! without the check, and the check is written once, here.

use crate::{
    error::AppError,
    vocabulary::{Role, UserId},
};

/// The caller is an admin: judged from the account as it is now (a page's
/// session or an API token's account), never from a token's claims.
#[derive(Debug)]
pub struct Admin {
    user_id: UserId,
}

impl Admin {
    /// `FORBIDDEN` unless `role` (the account's current role) is admin;
    /// `SECOND_FACTOR_REQUIRED` for an admin without a second factor while
    /// the policy asks for one.
    pub fn check(
        user_id: &UserId,
        role: Role,
        second_factor: SecondFactorPolicy,
    ) -> Result<Self, AppError> {
        if role != Role::Admin {
            return Err(AppError::forbidden());
        }
        if second_factor == SecondFactorPolicy::Missing {
            return Err(AppError::second_factor_required());
        }
        Ok(Self {
            user_id: user_id.clone(),
        })
    }

    pub fn user_id(&self) -> &UserId {
        &self.user_id
    }
}

/// Whether an admin's account meets `MFA_REQUIRED_FOR_ADMINS`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecondFactorPolicy {
    Met,
    Missing,
}

impl SecondFactorPolicy {
    /// Whether the policy (`MFA_REQUIRED_FOR_ADMINS`, `required`) asks an
    /// account of `role` for a second factor.
    pub fn asks(required: bool, role: Role) -> bool {
        required && role == Role::Admin
    }

    pub fn of(required: bool, has_second_factor: bool) -> Self {
        if required && !has_second_factor {
            SecondFactorPolicy::Missing
        } else {
            SecondFactorPolicy::Met
        }
    }
}

/// The caller signed in, or confirmed it's them, recently enough for a
/// sensitive action (password, email, deletion, export).
#[derive(Debug)]
pub struct RecentSignIn {
    user_id: UserId,
}

impl RecentSignIn {
    /// `REAUTHENTICATION_REQUIRED` when `authenticated_at` (Unix seconds) is
    /// more than `window_seconds` before `now`.
    pub fn check(
        user_id: &UserId,
        authenticated_at: i64,
        now: i64,
        window_seconds: i64,
    ) -> Result<Self, AppError> {
        if now - authenticated_at <= window_seconds {
            Ok(Self {
                user_id: user_id.clone(),
            })
        } else {
            Err(AppError::reauthentication_required())
        }
    }

    pub fn user_id(&self) -> &UserId {
        &self.user_id
    }
}

/// Who may make a sensitive change that the request also proves (the
/// current password, or a mailed code). A browser session must have signed
/// in recently as well; an API client holds a short-lived access token and
/// sends its password with each such request instead.
#[derive(Debug)]
pub enum SensitiveCaller {
    Recent(RecentSignIn),
    TokenHolder { user_id: UserId },
}

impl SensitiveCaller {
    pub fn user_id(&self) -> &UserId {
        match self {
            SensitiveCaller::Recent(recent) => recent.user_id(),
            SensitiveCaller::TokenHolder { user_id } => user_id,
        }
    }
}

impl From<RecentSignIn> for SensitiveCaller {
    fn from(recent: RecentSignIn) -> Self {
        SensitiveCaller::Recent(recent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_admin_role_passes_the_admin_guard() {
        let u1 = UserId::from("u1");
        let met = SecondFactorPolicy::Met;
        assert_eq!(Admin::check(&u1, Role::Admin, met).unwrap().user_id(), &u1);
        assert_eq!(
            Admin::check(&u1, Role::User, met).unwrap_err().status(),
            403
        );
        let missing = SecondFactorPolicy::of(true, false);
        assert_eq!(
            Admin::check(&u1, Role::Admin, missing).unwrap_err().code,
            crate::error::ErrorCode::SecondFactorRequired
        );
    }

    #[test]
    fn a_sign_in_is_recent_up_to_the_end_of_its_window() {
        let u1 = UserId::from("u1");
        assert!(RecentSignIn::check(&u1, 1_000, 1_600, 600).is_ok());
        let stale = RecentSignIn::check(&u1, 1_000, 1_601, 600).unwrap_err();
        assert_eq!(
            stale.code,
            crate::error::ErrorCode::ReauthenticationRequired
        );
    }
}
