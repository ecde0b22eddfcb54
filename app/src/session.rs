//! The signed-in user, loaded once per page and shared by the header and the pages.

use leptos::prelude::*;

use crate::api::session::{SessionUser, current_user};

pub type Session = Resource<Result<Option<SessionUser>, ServerFnError>>;

pub fn provide_session() {
    let session = Resource::new(|| (), |_| current_user());
    // A page rendered alike for every signed-in visitor names nobody: ask who this is.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let unnamed =
            session.with(|user| matches!(user, Some(Ok(Some(user))) if user.is_unnamed()));
        if unnamed {
            session.refetch();
        }
    });
    provide_context::<Session>(session);
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}
