//! The signed-in user, loaded once per page and shared by the header and the pages.

use leptos::prelude::*;

use crate::api::session::{SessionUser, current_user};

pub type Session = Resource<Result<Option<SessionUser>, ServerFnError>>;

pub fn provide_session() {
    provide_context::<Session>(Resource::new(|| (), |_| current_user()));
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
