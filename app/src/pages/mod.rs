pub mod cinemas;
pub mod home;
pub mod login;
pub mod movie;
pub mod not_found;
pub mod profile;
pub mod register;
pub mod search;
