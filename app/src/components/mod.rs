pub mod form;
pub mod layout;
pub mod layout_editor;
pub mod movie_card;
pub mod showtimes;
