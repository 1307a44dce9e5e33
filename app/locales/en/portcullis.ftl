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
form-hide-password = Hide password
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

## Errors (the pages' and the API's `message`)

error-validation = Some fields need your attention.
error-rate-limited = Too many attempts. Try again in { $wait }.
error-too-many-messages = You've asked for several messages for this address. Try again in { $wait }.
error-reauthentication-required = For your security, confirm it's you: enter your password (or a code we email you) again.
error-invalid-credentials = Invalid email or password.
error-account-locked = This email address is temporarily locked after too many failed sign-in attempts. Try again later.
error-account-pending-deletion = This account was deleted and will be erased soon. Sign in on the website to restore it.
error-account-disabled = This account has been disabled. Contact an administrator.
error-email-taken = An account with this email already exists.
error-email-taken-field = An account with this email already exists. Sign in instead?
error-unauthorized = You need to sign in first.
error-second-factor-required = Set up two-step sign-in before you use the admin panel.
error-sign-in-expired = This sign-in timed out or was already finished. Sign in again.
error-forbidden = This needs an admin account. Ask an administrator if you need access.
error-internal = Something went wrong on our side. Please try again.
error-unreadable-request = The request could not be read. Check the form and try again.
error-unreachable = Could not reach the server. Check your connection and try again.
error-language-unknown = Choose one of the languages offered.
wait-minutes = { $minutes ->
    [one] a minute
   *[other] about { $minutes } minutes
}
wait-hours = { $hours ->
    [one] about an hour
   *[other] about { $hours } hours
}

## Signing in with a code, the second step, verifying, restoring

code-title = Sign in with a code
code-intro = We will email you a 6-digit code to sign in with.
code-sent-before = If an account has{" "}
code-sent-after = , we sent it a code. It works for 10 minutes.
field-code = Code
code-send-new = Send a new code
second-step-title = Two-step sign-in
second-step-sign-in-again = Sign in again
second-step-code-app-or-email = Code from your authenticator app or the email
second-step-code-app = Code from your authenticator app
second-step-code-email = Code from the email
second-step-intro-app = Your password was right. Enter the 6-digit code your authenticator app shows.
second-step-intro-email = Your password was right. We can email a code to finish signing in.
second-step-sent-before = We sent a code to{" "}
second-step-sent-after = . It works for 10 minutes.
second-step-checking = Checking…
second-step-email-instead = Email me a code instead
second-step-use-recovery = Use a recovery code
field-recovery-code = Recovery code
second-step-recovery-hint = One of the codes you saved when you set up two-step sign-in.
second-step-recovery-submit = Sign in with a recovery code
second-step-trust = Trust this browser for 30 days
verify-title = Verify your email
verify-confirm = Confirm my email address
verify-confirming = Confirming…
or = or
verify-code = Code from the message
verify-submit = Verify
verify-pending = Verifying…
verify-done = Your email address is verified.
verify-to-profile = Go to your profile
restore-title = Restore your account
restore-offer-before = This account was deleted. Its data will be erased on{" "}
restore-offer-after = . Restore it to use it again; nothing is lost.
restore-submit = Restore my account
restore-pending = Restoring…
restore-keep-deleted = Keep it deleted
restore-sign-in-first = Sign in with the deleted account's password or an email code to restore it.

## Profile

profile-loading = Loading your profile…
profile-nav-details = Details
profile-nav-security = Password & email
profile-nav-passkeys = Passkeys
profile-nav-two-step = Two-step sign-in
profile-nav-devices = Devices
profile-nav-activity = Activity
profile-nav-data = Your data
admin-nav-dashboard = Dashboard
admin-nav-users = Users
admin-nav-audit = Audit log

## Profile pages

profile-confirm-first = For your security, confirm it's you before changing this.
profile-confirm-link = Confirm it's you
profile-title = Your profile
profile-restored = Welcome back: your account is restored.
profile-saved = Your name is saved.
profile-name = Name
profile-email-verified = Email verified
yes = Yes
profile-not-yet = Not yet
profile-member-since = Member since
profile-last-sign-in = Last sign-in
profile-edit-name = Edit your name
profile-save-name = Save name
saving = Saving…
profile-resend = Send the verification email again
profile-resent = Sent. Check your inbox.
security-password-changed = Your password is changed. Every other device was signed out.
security-email-changed = Your email address is changed.
security-change-password = Change your password
security-set-password = Set a password
security-change-email = Change your email address
security-now = Now:{" "}
field-current-password = Current password
security-others-signed-out = Every other device will be signed out.
security-change-password-submit = Change password
security-no-password = Your account signs in with Google or email codes. To add a password, confirm with a code we email you.
security-set-password-submit = Set password
security-email-pending-after = . Enter it to move your account there; nothing changes until then.
security-confirm-new-address = Confirm new address
field-new-email = New email
security-send-code-new-address = Send a code to the new address
security-code-sent = Sent. It works for 10 minutes.
two-step-app-title = Set up an authenticator app
two-step-codes-title = Your recovery codes
two-step-intro = After your password (or an emailed code, or Google), ask for a second proof: a code from an authenticator app, or a code we email you.
two-step-required = Admins must use two-step sign-in. Set it up to open the admin panel.
two-step-app-added = Your authenticator app is set up.
two-step-email-added = We will email you a code after your password.
two-step-removed = Removed.
two-step-on = On
two-step-off = Off
two-step-state = Two-step sign-in:{" "}
two-step-app = Authenticator app
two-step-set-up-done = Set up.
two-step-app-examples = Google Authenticator, 1Password, Authy, Bitwarden…
remove = Remove
two-step-set-up = Set up
two-step-email = Email me a code after my password
two-step-on-dot = On.
two-step-off-dot = Off.
turn-off = Turn off
turn-on = Turn on
two-step-recovery = Recovery codes
two-step-recovery-intro = For when you lose your phone: each code signs you in once.{" "}
two-step-recovery-left = {" "}left.
two-step-recovery-new = Make new recovery codes
two-step-scan = Scan this QR code with your authenticator app:
two-step-type-key = Or type this key into the app:
two-step-enter-code = Enter the 6-digit code the app shows:
two-step-code-from-app = Code from the app
two-step-codes-save = Save these codes now: this is the only time they are shown. Each one signs you in once if you lose your second factor.
two-step-codes-text = The codes as text, to copy
two-step-codes-download = Download as text
two-step-codes-saved = I saved them
two-step-codes-gone-before = Recovery codes are shown once, when they are made. To see new ones, make new codes on the{" "}
two-step-codes-gone-link = two-step sign-in page
two-step-codes-low = You have { $count } recovery codes left. Make new ones below and keep them safe.
two-step-codes-file = Portcullis recovery codes

## Passkeys, devices, data, confirming

passkeys-intro = A passkey signs you in with your fingerprint, face or screen lock instead of a password, and cannot be phished.{" "}
passkeys-intro-two-step = When two-step sign-in is on, a passkey also works as its second step.
passkeys-added = Your passkey is added. You can sign in with it now.
passkeys-renamed = The passkey is renamed.
passkeys-removed = The passkey is removed. It no longer signs you in.
passkeys-none = You have no passkeys yet.
passkeys-add = Add a passkey
never = never
passkeys-added-at = {" "}· added{" "}
last-used = {" "}· last used{" "}
passkeys-new-name-for = New name for{" "}
rename = Rename
devices-activity-title = Recent activity
devices-intro = Browsers and apps signed in to your account. Signing one out takes effect on its next request.
devices-app = {" "}(app)
devices-this = This device
devices-unknown-address = unknown address
devices-signed-in-at = {" "}· signed in{" "}
devices-sign-out-others = Sign out everywhere else
devices-trusted = Trusted browsers
devices-trusted-intro = These skip the second step of two-step sign-in until the date shown.
devices-trusted-at = {" "}· trusted{" "}
devices-until = {" "}· until{" "}
devices-stop-trusting = Stop trusting
devices-activity-intro = Your last 20 sign-ins, failures and changes.
devices-when = When
devices-what = What
devices-address = Address
devices-device = Device
data-download-title = Download your data
data-download-intro = A JSON file with your profile, connected accounts, devices and activity. It holds no password or token.
data-download = Download my data
data-delete-title = Delete your account
data-delete-intro = Your account stops working at once and every device is signed out. Its personal data is erased after a grace period; until then, signing in offers to restore it.
data-your-address = Your address:{" "}
data-type-email = Type your email address to confirm
data-delete = Delete my account
confirm-title = Confirm it's you
confirm-intro = You signed in a while ago. Before changing your password, email or account, confirm it's you.
confirm = Confirm
confirm-use-factor = Use your authenticator app or a recovery code instead
confirm-factor-code = Code from the app, or a recovery code
passkeys-synced = synced to your devices
passkeys-one-device = on one device
passkeys-kind-unknown = Passkey { $sync }

## Passkeys in the browser

webauthn-unsupported = This browser cannot use passkeys here. Update it, or use another way to sign in.
webauthn-cancelled = The passkey request was cancelled or timed out.
webauthn-already-registered = This device already has a passkey for your account.
webauthn-insecure-site = This site's address cannot use passkeys.
webauthn-not-supported = No authenticator here can make this kind of passkey.
webauthn-failed = The passkey request did not work. Try again.

## Passkeys and Google on the pages

passkey-waiting = Waiting for your passkey…
passkey-sign-in = Sign in with a passkey
passkey-needs-js-sign-in = Passkeys need JavaScript, which is off in this browser. Sign in with your password, an emailed code or Google below.
passkey-use = Use a passkey
passkey-needs-js-second-step = Passkeys need JavaScript, which is off in this browser. Use a code or a recovery code instead.
passkey-confirm = Confirm with a passkey
passkey-needs-js-add = Adding a passkey needs JavaScript, which is off in this browser. Your password, emailed codes and two-step sign-in keep working without it.
passkey-name-optional = Name (optional)
passkey-waiting-device = Waiting for your device…
google-continue = Continue with Google
google-methods = Sign-in methods
google-password = Password:{" "}
google-set = Set
google-not-set = Not set
google-code = A code mailed to your address:{" "}
google-always-on = Always on
google-google = Google:{" "}
google-linked = Linked
google-not-linked = Not linked
google-unlink = Unlink
google-link = Link

## The admin panel's actions

action-unknown = Unknown action.
action-activate = Activate
action-deactivate = Deactivate
action-unlock = Unlock
action-revoke-sessions = Sign out everywhere
action-resend-verification = Resend verification
action-send-password-reset = Send password reset
action-make-admin = Make admin
action-make-user = Make user
action-delete = Delete
action-reset-second-factor = Turn off two-step sign-in
action-remove-passkey = Remove
question-deactivate = Deactivate { $name }?
question-revoke-sessions = Sign { $name } out everywhere?
question-make-admin = Give { $name } admin rights?
question-make-user = Remove admin rights from { $name }?
question-delete = Delete { $name }?
question-reset-second-factor = Turn off two-step sign-in for { $name }?
question-remove-passkey-named = Remove the passkey “{ $passkey }” from { $name }?
question-remove-passkey = Remove a passkey from { $name }?
question-other = { $action } { $name }?
effect-deactivate = They are signed out everywhere at once and cannot sign in until an admin activates the account again.
effect-revoke-sessions = Every browser and app signed in to this account is signed out at once. They can sign in again.
effect-make-admin = They can then manage every account, role and session, and read the audit log.
effect-make-user = They can no longer open the admin panel.
effect-delete = Their account is closed and their personal data erased now. This cannot be undone.
effect-reset-second-factor = Their authenticator app, emailed codes and recovery codes are removed, so their password alone signs them in. They are told by email.
effect-remove-passkey = The passkey stops signing them in. They are told by email.
effect-activate = They can sign in again.
effect-unlock = Sign-in attempts are taken again at once.
effect-resend-verification = A new verification link is mailed to them.
effect-send-password-reset = A password reset link is mailed to them.

## The audit log's actions (`audit-` and the stored name)

audit-login = Sign-in
audit-lockout = Address locked
audit-logout = Sign-out
audit-logout_all = Signed out everywhere
audit-logout_others = Signed out other devices
audit-session_revoked = Device signed out
audit-signup = Sign-up
audit-token_refresh = App token renewed
audit-token_reuse = Old app token reused
audit-profile_updated = Profile changed
audit-password_change = Password changed
audit-password_set = Password set
audit-password_reset_request = Password reset asked for
audit-password_reset = Password reset
audit-email_verification = Email verified
audit-email_verification_resend = Verification email asked for
audit-email_change_request = Email change asked for
audit-email_change = Email changed
audit-code_request = Sign-in code asked for
audit-confirmation_code_request = Confirmation code asked for
audit-reauthentication = Identity confirmed
audit-google_link = Google connected
audit-google_unlink = Google disconnected
audit-google_sign_in = Google sign-in
audit-account_deletion = Account deleted
audit-account_restored = Account restored
audit-account_erased = Account erased
audit-data_export = Data downloaded
audit-mail_queued = Email queued
audit-mail_sent = Email sent
audit-mail_retry = Email delivery retried
audit-mail_failed = Email delivery failed
audit-admin_created = Admin created
audit-admin_promoted = Promoted to admin
audit-admin_activate = Activated by an admin
audit-admin_deactivate = Deactivated by an admin
audit-admin_unlock = Unlocked by an admin
audit-admin_revoke_sessions = Signed out everywhere by an admin
audit-admin_resend_verification = Verification resent by an admin
audit-admin_password_reset = Password reset sent by an admin
audit-admin_set_role = Role changed by an admin
audit-admin_delete = Deleted by an admin
audit-first_factor = First step passed
audit-second_step = Second step
audit-second_step_code_request = Second-step code asked for
audit-second_factor_added = Second factor added
audit-second_factor_removed = Second factor removed
audit-recovery_codes_regenerated = New recovery codes
audit-recovery_code_used = Recovery code used
audit-trusted_browser_added = Browser trusted
audit-trusted_browser_revoked = Browser no longer trusted
audit-admin_reset_second_factor = Two-step sign-in turned off by an admin
audit-passkey_sign_in = Passkey refused
audit-passkey_added = Passkey added
audit-passkey_renamed = Passkey renamed
audit-passkey_removed = Passkey removed
audit-admin_remove_passkey = Passkey removed by an admin

## The admin panel

admin-only-title = Admins only
admin-pages = Pages
admin-previous = Previous
admin-next = Next
admin-total-users = Users
admin-total-verified = Verified
admin-total-active = Active in 7 days
admin-total-locked = Locked now
admin-total-admins = Admins
admin-chart-signups = Sign-ups per day (30 days)
admin-series-signups = Sign-ups
admin-chart-sign-ins = Sign-ins per day (30 days)
admin-succeeded = Succeeded
admin-failed = Failed
admin-methods = Sign-in methods (30 days)
admin-search = Search
admin-search-placeholder = email or name
admin-role = Role
admin-any = Any
admin-role-user = User
admin-role-admin = Admin
admin-active = Active
admin-inactive = Inactive
admin-not-verified = Not verified
admin-locked = Locked
admin-not-locked = Not locked
admin-apply = Apply
admin-status = Status
admin-created = Created
admin-no-users = No users match these filters.
admin-deleted = Deleted
admin-not-verified-suffix = {" "}(not verified)
admin-audit-user = User (email or id)
admin-audit-action = Action
admin-audit-result = Result
admin-audit-from = From
admin-audit-until = Until
admin-audit-ip = IP address
admin-audit-csv = Download CSV
admin-audit-user-column = User
admin-audit-by = By admin
admin-audit-user-agent = User agent
admin-no-events = No events match these filters.
admin-user-title = User
admin-done = Done.
admin-deleted-waiting = Deleted, waiting for erasure
no = No
admin-none = None
admin-factor-app = authenticator app
admin-factor-email = emailed codes
admin-connections = Connected accounts
admin-actions = Actions
admin-sessions = Active sessions
admin-none-dot = None.
admin-events = Recent events
cancel = Cancel
admin-confirm-title = Confirm an action
admin-page-count = Page { $page } of { $pages } ({ $total } in all)
admin-until = Until{" "}
admin-signed-in-at = {" "}· signed in{" "}
admin-added-at = {" "}· added{" "}
admin-synced = synced
admin-one-device = one device
admin-chart-description = { $title }: { $total } in all, at most { $max } a day.
admin-methods-label = Sign-in methods: { $total } sign-ins
profile-language = Language
profile-language-intro = Your pages and the emails we send you use this language.
