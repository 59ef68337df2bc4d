//! The page's turns to the browser: long work on the page (taking in a
//! worker's result, storing a restored library) is cut into tasks with
//! these, so that the browser draws and handles input in between.

use std::cell::Cell;
use std::rc::Rc;

use futures_channel::oneshot;
use gloo_timers::callback::Timeout;
use gloo_timers::future::TimeoutFuture;

/// Gives the browser a turn (to draw and handle input) before going on.
pub async fn yield_to_browser() {
    TimeoutFuture::new(0).await;
}

/// Waits until the browser has drawn the render in progress: two animation
/// frames (Yew's scheduler may split a long render across the first one),
/// or a second where a hidden tab draws none; then gives it one more turn.
pub async fn after_next_paint() {
    for _ in 0..2 {
        let (done, drawn) = oneshot::channel::<()>();
        let done = Rc::new(Cell::new(Some(done)));
        let resolve = move || {
            if let Some(done) = done.take() {
                let _ = done.send(());
            }
        };
        let frame = gloo_render::request_animation_frame({
            let resolve = resolve.clone();
            move |_| resolve()
        });
        let timeout = Timeout::new(1000, resolve);
        let _ = drawn.await;
        drop((frame, timeout));
    }
    yield_to_browser().await;
}
