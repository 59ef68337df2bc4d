//! The "Keyboard shortcuts" dialog: every shortcut the page has
//! (`transcript_core::view::SHORTCUTS`), opened with `?` or its button. A
//! native modal `<dialog>`: the browser keeps focus inside it and closes it
//! on Escape; closing it in any way tells the app.

use transcript_core::view::SHORTCUTS;
use web_sys::HtmlDialogElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShortcutsProps {
    pub open: bool,
    pub on_open: Callback<bool>,
}

#[function_component(Shortcuts)]
pub fn shortcuts(props: &ShortcutsProps) -> Html {
    let dialog = use_node_ref();
    {
        let dialog = dialog.clone();
        use_effect_with(props.open, move |&open| {
            if let Some(d) = dialog.cast::<HtmlDialogElement>() {
                if open && !d.open() {
                    let _ = d.show_modal();
                } else if !open && d.open() {
                    d.close();
                }
            }
        });
    }
    let onclose = {
        let on_open = props.on_open.clone();
        Callback::from(move |_: Event| on_open.emit(false))
    };
    let close = {
        let on_open = props.on_open.clone();
        Callback::from(move |_: MouseEvent| on_open.emit(false))
    };
    let show = {
        let on_open = props.on_open.clone();
        Callback::from(move |_: MouseEvent| on_open.emit(true))
    };
    html! {
        <>
            <button type="button" class="link shortcuts-button" onclick={show}>{ "Keyboard shortcuts" }</button>
            <dialog class="shortcuts" ref={dialog} aria-labelledby="shortcuts-title" {onclose}>
                <h2 id="shortcuts-title">{ "Keyboard shortcuts" }</h2>
                <p>{ "Keys act when you are not typing in a field, unless said otherwise." }</p>
                <dl>
                    { for SHORTCUTS.iter().map(|(keys, what)| html! {
                        <>
                            <dt>{ for keys.split(" + ").enumerate().map(|(i, k)| html! {
                                <>{ if i > 0 { " + " } else { "" } }<kbd>{ k }</kbd></>
                            }) }</dt>
                            <dd>{ *what }</dd>
                        </>
                    }) }
                </dl>
                <button type="button" onclick={close}>{ "Close" }</button>
            </dialog>
        </>
    }
}
