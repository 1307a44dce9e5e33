pub mod form;
pub mod google;
pub mod header;
