pub mod form;
pub mod hold_panel;
pub mod layout;
pub mod layout_editor;
pub mod movie_card;
pub mod seat_map;
pub mod seat_picker;
pub mod showtimes;
