use crate::{
    Viewer,
    api::ResendVerification as Resend,
    components::{
        form::{FormAlert, form_error},
        google::ConnectedAccounts,
    },
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn ProfilePage() -> impl IntoView {
    let Viewer { user, .. } = expect_context::<Viewer>();

    view! {
        <Title text="Your profile" />
        <Suspense fallback=|| view! { <p class="text-slate-600">"Loading your profile…"</p> }>
            {move || Suspend::new(async move {
                match user.await {
                    Ok(Some(user)) => {
                        view! {
                            <section class="mx-auto max-w-2xl rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8">
                                <h1 class="text-2xl font-bold tracking-tight">"Your profile"</h1>
                                <dl class="mt-6 grid gap-4 sm:grid-cols-[10rem_1fr]">
                                    <dt class="font-medium text-slate-600">"Name"</dt>
                                    <dd data-testid="profile-name">{user.display_name()}</dd>
                                    <dt class="font-medium text-slate-600">"Email"</dt>
                                    <dd data-testid="profile-email">{user.email.clone()}</dd>
                                    <dt class="font-medium text-slate-600">"Email verified"</dt>
                                    <dd data-testid="profile-email-verified">
                                        {if user.email_verified { "Yes" } else { "Not yet" }}
                                        <Show when=move || !user.email_verified>
                                            <ResendVerification />
                                        </Show>
                                    </dd>
                                    <dt class="font-medium text-slate-600">"Member since"</dt>
                                    <dd>{user.created_at.clone()}</dd>
                                </dl>
                                <ConnectedAccounts />
                            </section>
                        }
                            .into_any()
                    }
                    Ok(None) => view! { <Redirect path="/login?next=/profile" /> }.into_any(),
                    Err(error) => {
                        view! {
                            <p role="alert" class="text-red-700">
                                {error.message}
                            </p>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// Sends a new verification message (the older one stops working).
#[component]
fn ResendVerification() -> impl IntoView {
    let resend = ServerAction::<Resend>::new();
    let result = resend.value();
    let sent = move || result.with(|result| matches!(result, Some(Ok(()))));
    view! {
        <ActionForm action=resend attr:class="mt-2 space-y-2">
            <FormAlert message=form_error(result) />
            <Show
                when=sent
                fallback=move || {
                    view! {
                        <button
                            type="submit"
                            class="rounded-md border border-indigo-600 px-3 py-1 text-sm font-semibold text-indigo-700 hover:bg-indigo-50 disabled:opacity-60"
                            disabled=move || resend.pending().get()
                        >
                            "Send the verification email again"
                        </button>
                    }
                }
            >
                <p role="status" class="text-sm text-emerald-800">"Sent. Check your inbox."</p>
            </Show>
        </ActionForm>
    }
}
