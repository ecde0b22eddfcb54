//! The browser bundle is cut into a few groups of pages: the main module holds the framework, the
//! header and footer; each group's code is fetched the first time one of its pages is shown. The
//! server names the chunks of the page it rendered in preload links, so they download beside the
//! main module, and a moviegoer's first page does not wait for the admin or staff pages.
//!
//! Groups rather than a chunk a page: with a split point a page, code shared by pages in every
//! combination became its own file, 414 in all, and a showtime's page fetched 192 of them. On a
//! phone's network (150 ms round trips, six requests at a time over HTTP/1.1) the requests cost
//! more than the bytes they saved. The home page, where most visits start, is a group of its own:
//! its first load is a fifth lighter, and once it is idle the browser fetches the browsing
//! pages' code, the next page of most visits. (`cargo leptos build --split` cuts the chunks; on
//! the server these are plain pages.)

use leptos::prelude::*;
use leptos_router::LazyRoute;

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

/// The pages of one group, each a lazily loaded route.
macro_rules! page_group {
    (
        $(#[$doc:meta])*
        $group:ident in $loader:ident, preloaded by $preload:ident {
            $($route:ident => $page:ident),* $(,)?
        }
    ) => {
        $(#[$doc])*
        // Each variant is named after the page component it shows.
        #[allow(clippy::enum_variant_names)]
        #[derive(Clone, Copy)]
        enum $group {
            $($page),*
        }

        /// One split point for the whole group: its pages' code is one set of chunks.
        #[lazy]
        fn $loader(page: $group) -> AnyView {
            match page {
                $($group::$page => view! { <$page /> }.into_any()),*
            }
        }

        $(
            #[doc = concat!("The lazily loaded route of [`", stringify!($page), "`].")]
            pub struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    Self
                }

                async fn view(_this: Self) -> AnyView {
                    let page = $loader($group::$page).await;
                    #[cfg(feature = "ssr")]
                    crate::chunk_preloads::name_rendered_chunks();
                    page
                }

                // The router loads the group's chunks before it hydrates or shows the page;
                // without this the page's view is not ready when hydration reaches it.
                async fn preload() {
                    #[cfg(target_arch = "wasm32")]
                    $preload().await;
                }
            }
        )*
    };
}

page_group! {
    /// The home page, the first page of most visits: on its own, so that visit fetches the least.
    Front in front_page, preloaded by __preload_front_page {
        HomeRoute => HomePage,
    }
}

page_group! {
    /// What a moviegoer browses from there.
    Browse in browse_pages, preloaded by __preload_browse_pages {
        SearchRoute => SearchPage,
        MovieRoute => MoviePage,
        CinemasRoute => CinemasPage,
        CinemaRoute => CinemaPage,
    }
}

page_group! {
    /// Choosing seats, paying, and the bookings made.
    Booking in booking_pages, preloaded by __preload_booking_pages {
        ShowtimeRoute => ShowtimePage,
        CheckoutRoute => CheckoutPage,
        MyBookingsRoute => MyBookingsPage,
    }
}

page_group! {
    /// Signing in and the account's own pages.
    Account in account_pages, preloaded by __preload_account_pages {
        LoginRoute => LoginPage,
        RegisterRoute => RegisterPage,
        ProfileRoute => ProfilePage,
        NotificationsRoute => NotificationsPage,
    }
}

page_group! {
    /// The catalog admin's pages.
    Admin in admin_pages, preloaded by __preload_admin_pages {
        AdminRoute => AdminPage,
        AdminMovieRoute => AdminMoviePage,
        AdminHallRoute => AdminHallPage,
        AdminCinemaRoute => AdminCinemaPage,
        AdminShowtimeRoute => AdminShowtimePage,
    }
}

page_group! {
    /// The cinema staff's screens: the lobby board, the box office and the door.
    Staff in staff_pages, preloaded by __preload_staff_pages {
        KioskListRoute => KioskListPage,
        KioskBoardRoute => KioskBoardPage,
        BoxOfficeRoute => BoxOfficePage,
        CheckInRoute => CheckInPage,
    }
}

/// Has the browser fetch the browsing pages' code once the home page is idle: the server names
/// the chunks, the hydrated page asks for them. A movie, the cinemas or a search is the next page
/// of most visits; with the home page in a group of its own its first load is a fifth lighter,
/// and this keeps the next page from waiting for its code. Call it while the home page renders.
pub fn warm_browse_pages() {
    #[cfg(feature = "ssr")]
    crate::chunk_preloads::prefetch_chunks_of(stringify!(browse_pages));
    // Effects run in the browser only, once the page is hydrated.
    Effect::new(|_| crate::chunk_preloads::prefetch_named_chunks());
}
