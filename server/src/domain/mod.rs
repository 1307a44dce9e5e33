//! Values that are valid by construction: parse, don't validate.

mod email;
mod password;
mod person_name;

pub use email::Email;
pub use password::NewPassword;
pub use person_name::{NamePart, PersonName};
