//! Every page is a route of its own in the browser bundle: the main module holds the framework,
//! the header and footer, and each page's code is a chunk fetched the first time that page is
//! shown. The server names the chunks of the page it rendered in preload links, so they download
//! beside the main module; a moviegoer's first page does not wait for the admin or staff pages.
//! (`cargo leptos build --split` cuts the chunks; on the server the routes are plain pages.)

use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

use crate::pages::{
    admin::AdminPage,
    admin_edit::{AdminCinemaPage, AdminHallPage, AdminMoviePage, AdminShowtimePage},
    bookings::{CheckoutPage, MyBookingsPage},
    box_office::BoxOfficePage,
    check_in::CheckInPage,
    cinemas::{CinemaPage, CinemasPage},
    home::HomePage,
    kiosk::{KioskBoardPage, KioskListPage},
    login::LoginPage,
    movie::MoviePage,
    notices::NotificationsPage,
    profile::ProfilePage,
    register::RegisterPage,
    search::SearchPage,
    showtime::ShowtimePage,
};

/// `Route => Page`: a lazily loaded route that shows the page. Pages load their own data
/// (resources), so a route carries none.
macro_rules! lazy_pages {
    ($($route:ident => $page:ident),* $(,)?) => {$(
        #[doc = concat!("The lazily loaded route of [`", stringify!($page), "`].")]
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(this: Self) -> AnyView {
                let _ = this;
                view! { <$page /> }.into_any()
            }
        }
    )*};
}

lazy_pages! {
    HomeRoute => HomePage,
    LoginRoute => LoginPage,
    RegisterRoute => RegisterPage,
    ProfileRoute => ProfilePage,
    SearchRoute => SearchPage,
    MovieRoute => MoviePage,
    CinemasRoute => CinemasPage,
    CinemaRoute => CinemaPage,
    ShowtimeRoute => ShowtimePage,
    MyBookingsRoute => MyBookingsPage,
    CheckoutRoute => CheckoutPage,
    NotificationsRoute => NotificationsPage,
    AdminRoute => AdminPage,
    AdminMovieRoute => AdminMoviePage,
    AdminHallRoute => AdminHallPage,
    AdminCinemaRoute => AdminCinemaPage,
    AdminShowtimeRoute => AdminShowtimePage,
    KioskListRoute => KioskListPage,
    KioskBoardRoute => KioskBoardPage,
    BoxOfficeRoute => BoxOfficePage,
    CheckInRoute => CheckInPage,
}
