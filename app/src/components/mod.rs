pub mod form;
pub mod layout;
pub mod movie_card;
pub mod showtimes;
