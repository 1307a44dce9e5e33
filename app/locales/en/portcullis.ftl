# Portcullis in English. Every key here must be in every other catalogue,
# with the same arguments (app/src/i18n.rs tests it).

## The frame of every page

skip-to-content = Skip to content
nav-main = Main
nav-sign-in = Sign in
nav-sign-up = Sign up
nav-profile = Profile
nav-admin = Admin
nav-sign-out = Sign out
nav-signed-in-as = Signed in as { $name }
footer-language = Language
footer-change-language = Change language

## Forms

form-show-password = Show password
form-rule-kept = kept
form-rule-not-yet = not yet
form-rule-on-submit = checked when you submit
loading = Loading…

## Password rules: the checklist and the server's errors

rule-min-length = Use at least { $count } characters.
rule-max-length = Use at most { $count } characters.
rule-upper = Add an upper-case letter.
rule-lower = Add a lower-case letter.
rule-digit = Add a digit.
rule-symbol = Add a symbol, like ! or #.
rule-not-common = Don't use a common or easy-to-guess password.
rule-guessable = Don't use a common or easy-to-guess password. Try a longer mix of unrelated words.
rule-personal = Don't use your name or email address in your password.

## Home and missing pages

home-title = Welcome
home-tagline = Sign in once, safely. A self-hosted authentication portal.
home-create-account = Create an account
not-found-title = Page not found
not-found-text = The page you asked for does not exist or has moved.
not-found-back = Back to the start

## Signing in and up

field-email = Email
field-password = Password
field-first-name = First name
field-last-name = Last name
field-new-password = New password
login-title = Sign in
login-submit = Sign in
login-pending = Signing in…
login-after-reset = Your password was changed. Sign in with the new one.
login-after-deletion = Your account is deleted and you are signed out. We emailed you how to restore it if you change your mind.
login-forgot = Forgot your password?
login-email-code = Email me a code
login-new-here = New here?
login-create-account = Create an account
signup-title = Create your account
signup-submit = Create account
signup-pending = Creating your account…
signup-have-account = Already have an account?
signup-sign-in = Sign in
forgot-title = Reset your password
forgot-intro = Enter your email address and we will send you a link to choose a new password.
forgot-submit = Send the link
forgot-pending = Sending…
forgot-sent = If an account has this address, we sent it a link to reset the password. It works for one hour.
forgot-back = Back to sign in
reset-title = Choose a new password
reset-needs-link = This page needs the link from the reset message.
reset-ask-again = Ask for a new link
reset-submit = Change my password
reset-pending = Changing…
