//! Signing in and out: the sign-in page (`page.rs`) and its plain form
//! posts (`handlers.rs`), which work the same with and without JavaScript.
//! Who is signed in is kept by the shared `session` module; `limits.rs`
//! slows down repeated attempts.

#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod limits;
pub mod page;

/// `POST /login` and `POST /logout`.
#[cfg(feature = "ssr")]
pub fn router() -> axum::Router<crate::state::AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route("/login", post(handlers::login))
        .route("/logout", post(handlers::logout))
}
