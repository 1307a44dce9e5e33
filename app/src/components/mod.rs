pub mod footer;
pub mod form;
pub mod google;
pub mod header;
pub mod passkeys;
pub mod section_nav;
pub mod time;
