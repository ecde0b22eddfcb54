pub mod layout;
pub mod movie_card;
