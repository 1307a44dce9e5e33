# The server's words in English: mails and the API's messages. Kept out of
# the browser bundle. Every key here must be in every other server
# catalogue, with the same arguments (app/src/i18n.rs tests it).

## Mails

mail-hello = Hello { $name },
mail-your-code = Your code
mail-if-not-you-reset = If this was you, there is nothing to do. If this wasn't you, reset your password now:
mail-reset-now = Reset my password
mail-link-expiry = The link works once and expires in { $minutes ->
    [one] one minute
   *[other] { $minutes } minutes
}.
mail-code-expiry = It works once and expires in { $minutes ->
    [one] one minute
   *[other] { $minutes } minutes
}.

mail-verify-subject = confirm your email address
mail-verify-intro = Confirm the email address of your Portcullis account by opening this link:
mail-verify-link = Confirm my email address
mail-verify-or-code = Or enter this code on the verification page.
mail-verify-expiry = The link and the code expire in { $hours ->
    [one] one hour
   *[other] { $hours } hours
}.
mail-verify-not-you = If this wasn't you, ignore this message: nothing happens unless the address is confirmed.

mail-reset-subject = reset your password
mail-reset-intro = Someone asked to reset the password of your Portcullis account. To choose a new password, open this link:
mail-reset-link = Choose a new password
mail-reset-not-you = If this wasn't you, ignore this message: your password stays as it is.

mail-password-changed-subject = your password was changed
mail-password-changed = The password of your Portcullis account was just changed, and every device was signed out.

mail-claimed-subject = we secured your account
mail-claimed = You just proved that this address is yours, for the first time. Someone may have set up this account before you did, so everything set up before was removed:
mail-claimed-set-password = Set a password of your own, if you want one:
mail-claimed-link = Set a password
mail-claimed-password = the password that was set before (yours replaces it)
mail-claimed-sessions = { $count ->
    [one] one signed-in device was signed out
   *[other] { $count } signed-in devices were signed out
}
mail-claimed-password-before = the password that was set before
mail-claimed-google = the Google account that was connected
mail-claimed-two-step = the two-step sign-in (authenticator app, emailed codes, recovery codes) that was set up
mail-claimed-passkeys = the passkeys that were added

mail-methods-subject = a sign-in method changed
mail-review-profile = Review your profile
mail-google-connected = Google was connected to your Portcullis account.
mail-google-disconnected = Google was disconnected from your Portcullis account.

mail-two-step-subject = two-step sign-in changed
mail-review-two-step = Review your two-step sign-in
mail-two-step-app-added = An authenticator app was set up for two-step sign-in to your account.
mail-two-step-email-added = Two-step sign-in with emailed codes was turned on for your account.
mail-two-step-app-removed = The authenticator app was removed from your account.
mail-two-step-email-removed = Two-step sign-in with emailed codes was turned off for your account.
mail-two-step-off = Two-step sign-in was turned off for your account: a password alone now signs in.
mail-two-step-reset-by-admin = An administrator turned off two-step sign-in for your account: a password alone now signs in. Set it up again on your profile.
mail-recovery-codes-new = New recovery codes were made for your account; the old ones no longer work.
mail-recovery-code-used = A recovery code was used to sign in to your account. { $left ->
    [0] It was the last one: make new ones on the two-step sign-in page.
    [one] One is left.
   *[other] { $left } are left.
}

mail-recovery-code-confirmed = A recovery code was used to confirm it's you on your account. { $left ->
    [one] One is left.
   *[other] { $left } are left.
}

mail-passkeys-subject = passkeys changed
mail-review-passkeys = Review your passkeys
mail-passkey-added = A passkey named “{ $name }” was added to your account. It can sign you in.
mail-passkey-removed = The passkey named “{ $name }” was removed from your account.
mail-passkey-removed-by-admin = An administrator removed the passkey named “{ $name }” from your account. It no longer signs you in.

mail-code-subject = your sign-in code
mail-code-intro = Here is your code to sign in to Portcullis.
mail-code-not-you = If this wasn't you, ignore this message: nobody can sign in without the code.
mail-action-code-subject = your confirmation code
mail-action-code-not-you = If this wasn't you, ignore this message and consider changing your password.
mail-action-second-step = Use this code to finish signing in (the first step of your sign-in was right):
mail-action-confirm = Use this code to confirm it's you:
mail-action-new-address = Use this code to confirm this address for your account:

mail-email-changed-subject = your email address was changed
mail-email-changed = The email address of your Portcullis account was changed from { $old } to { $new }. Messages about the account now go there.
mail-email-changed-not-you = If this wasn't you, reset your password and contact your administrator:

mail-deleted-subject = your account was deleted
mail-deleted = Your Portcullis account was deleted and every device signed out. Its personal data will be erased on { $date }.
mail-deleted-restore = Changed your mind? Sign in before then and restore it:
mail-deleted-link = Sign in
mail-deleted-not-you = If this wasn't you, sign in and restore the account, then change your password.

## The API's answers (`message`)

api-a-code-is-on-its-way = A code is on its way.
api-account-created = Account created.
api-account-deleted = Account deleted. Sign in on the website within the grace period to restore it.
api-passkey-sign-in-begun = Ask the platform for a passkey, then send its answer to finish.
api-passkey-confirmation-begun = Ask the platform for the passkey, then send its answer to finish.
api-audit-events = Audit events.
api-passkey-registration-begun = Create the passkey, then send it to finish.
api-deleted = Deleted.
api-email-address-changed = Email address changed.
api-email-address-verified = Email address verified.
api-reset-link-sent = If an account has this address, we sent it a link to reset the password.
api-sign-in-code-sent = If an account has this address, we sent it a sign-in code.
api-passkey-added = Passkey added.
api-passkey-removed = Passkey removed.
api-passkey-renamed = Passkey renamed.
api-password-changed = Password changed.
api-profile-updated = Profile updated.
api-signed-out-everywhere = Signed out everywhere.
api-signed-out-on-that-device = Signed out on that device.
api-signed-out = Signed out.
api-statistics = Statistics.
api-the-user = The user.
api-tokens-refreshed = Tokens refreshed.
api-two-step-sign-in-turned-off = Two-step sign-in turned off.
api-unlocked = Unlocked.
api-updated = Updated.
api-users = Users.
api-email-change-code-sent = We sent a code to the new address. Confirm it to complete the change.
api-your-account = Your account.
api-your-active-sign-ins = Your active sign-ins.
api-your-data = Your data.
api-your-passkeys = Your passkeys.
api-password-reset-done = Your password was changed. Sign in with the new one.
api-second-step-needed = Enter the code from your authenticator app (or another second factor) to finish signing in.

## Problems the server reports (errors' `message` and field messages)

problem-password-wrong = The password is not right.
problem-current-password-missing = Enter your current password.
problem-code-invalid = This code is not valid.
problem-code-invalid-why = This code is not valid: it may be mistyped, used, replaced by a newer one, or expired.
problem-no-password-use-code = Your account has no password: enter the code we email you.
problem-code-just-used = This code was just used.
problem-same-address = This is already your address: enter a different one.
problem-device-not-signed-in = This device is not signed in to your account (any more).
problem-no-password-yet = Your account has no password yet: it signs in with Google or email codes.
problem-same-password = Choose a password different from the current one.
problem-has-password = Your account already has a password: change it instead.
problem-role = Use user or admin.
problem-no-such-user = There is no such user.
problem-page = Use a whole number from 1.
problem-per-page = Use a whole number from 1 to 100.
problem-date = Use a date like 2026-11-21.
problem-statuses = Use active, inactive, locked, unlocked, verified or unverified, separated by commas.
problem-statuses-exclusive = These statuses exclude each other.
problem-sort = Use created, last_sign_in or email, with - in front for descending.
problem-search-length = Search for at most 254 characters.
problem-boolean = Use true or false.
problem-not-yourself = You cannot demote, deactivate or delete yourself: ask another admin.
problem-last-admin = This is the last admin: promote another user first.
problem-already-verified = This address is already verified.
problem-no-second-factor = This account has no second factor.
problem-no-such-passkey = There is no such passkey.
problem-admin-patch-empty = Send isActive, role or both.
problem-query-invalid = The query string is not valid.
problem-verify-input = Send the link's token, or the email address and the code.
problem-second-step-input = Send either `code` or `recoveryCode`.
problem-not-json = Send the body as JSON, with `Content-Type: application/json`.
problem-field-type = This field is missing or has the wrong type.
problem-json-fields = The JSON body does not have the expected fields.
problem-json-syntax = The body is not valid JSON.
problem-body-unreadable = The request body is too large or could not be read.
problem-request-unreadable = The request could not be read.
problem-no-route = There is no such API route.
problem-method = This route does not accept that HTTP method.
problem-internal-later = Something went wrong on our side. Try again in a moment.
problem-cross-origin = Cross-origin requests are not allowed.
problem-body-too-large = The request body is too large.
problem-timeout = The server took too long to answer. Try again in a moment.
problem-link-or-code-invalid = This link or code is not valid: it may be mistyped, used, replaced by a newer one, or expired.
problem-code-wrong-or-used = That code is not right, or it was used already.
problem-passkeys-unavailable = Passkeys are not available on this server: its public address is not a domain name. Use another way to sign in.
problem-passkey-ceremony-over = This passkey request is over (it was used, or is older than five minutes). Try again.
problem-passkey-unknown = This passkey is not registered here. It may have been removed: sign in another way.
problem-passkey-refused = That passkey did not work here. Try again, or sign in another way.
problem-passkey-registered = This passkey is registered already.
problem-name-missing = Enter a name.
problem-passkey-answer-long = The passkey's answer is too long.
problem-passkey-answer-invalid = The passkey's answer is not a WebAuthn credential (the JSON of a PublicKeyCredential).
problem-passkey-name-characters = Use letters, digits, spaces and punctuation.
problem-app-exists = An authenticator app is already set up. Remove it first to set up another.
problem-app-start-again = Start again: open the set-up page to get a new QR code.
problem-app-code-wrong = That code is not right. Enter the 6 digits your app shows now.
problem-app-already-set-up = This app is already set up.
problem-recovery-needs-two-step = Set up two-step sign-in first: recovery codes stand in for its second factor.
problem-no-such-browser = No such trusted browser.
problem-no-email-codes = This account does not get second-step codes by email.
problem-no-two-step = Your account has no two-step sign-in: use your password.
problem-password-missing = Enter your password.
problem-google-only-method = Google is your only way to sign in. Set a password first, then disconnect Google.
problem-google-incomplete = Sign-in with Google did not complete. Start again from the sign-in page.
problem-google-off = Sign-in with Google is not enabled here.
problem-google-unverified-answer = Google's answer could not be verified. Try again.
problem-google-unavailable = Google did not answer as expected. Try again in a moment.
problem-google-link-required = An account with this email address already exists. Sign in to it with your password or an email code, then connect Google from your profile.
problem-google-email-unverified = Google hasn't verified this address. Verify it at Google, or sign up with your email address instead.
problem-google-linked-elsewhere = This Google account is already connected to another account.
problem-google-already-linked = Your account is already connected to a Google account. Disconnect it first.
problem-google-no-email = Google did not share an email address, which an account needs.
problem-token-missing = Send an access token in the Authorization header: `Bearer <token>`.
problem-token-invalid = The token is invalid or has been revoked. Sign in again.
problem-token-expired = The token has expired. Refresh it, or sign in again.
problem-token-reused = This refresh token has already been used, so every token of this sign-in has been revoked. Sign in again.
problem-no-such-sign-in = You have no active sign-in with this id.
problem-email-missing = Enter your email address.
problem-email-invalid = Enter a valid email address, like name@example.com.
problem-first-name-missing = Enter your first name.
problem-last-name-missing = Enter your last name.
problem-first-name-long = Your first name can be at most { $count } characters.
problem-last-name-long = Your last name can be at most { $count } characters.
problem-first-name-hidden = Your first name contains characters that are not allowed (invisible or direction-changing characters).
problem-last-name-hidden = Your last name contains characters that are not allowed (invisible or direction-changing characters).
problem-too-many-passkeys = An account can have { $count } passkeys. Remove one first.
problem-passkey-name-long = Use at most { $count } characters.
problem-no-passkey-second-step = This account has no passkey: use another way to finish signing in.
problem-no-passkey-confirm = This account has no passkey: confirm with your password or a code.
problem-type-your-email = Type your email address ({ $email }) to confirm.
api-signed-in = Signed in.
api-signed-in-with-google = Signed in with Google.
api-verification-sent = A new verification message is on its way.
api-already-verified = Your email address is already verified.

## The account's activity and devices, as the user reads them

event-signed-in-with-a-password = Signed in with a password
event-signed-in-with-an-email-code = Signed in with an email code
event-signed-in-with-a-passkey = Signed in with a passkey
event-signed-in-with-google = Signed in with Google
event-signed-in = Signed in
event-sign-in-refused-too-many-failed-attempts = Sign-in refused: too many failed attempts
event-sign-in-refused-the-account-is-deactivated = Sign-in refused: the account is deactivated
event-sign-in-to-the-deleted-account = Sign-in to the deleted account
event-failed-sign-in = Failed sign-in
event-sign-in-locked-after-too-many-failed = Sign-in locked after too many failed attempts
event-signed-out = Signed out
event-signed-out-everywhere = Signed out everywhere
event-signed-out-of-every-other-device = Signed out of every other device
event-signed-a-device-out = Signed a device out
event-created-the-account = Created the account
event-app-session-renewed = App session renewed
event-an-apps-old-token-was-used-again = An app's old token was used again: that sign-in was ended
event-changed-name = Changed the profile
event-changed-password = Changed password
event-failed-to-change-password = Failed to change password
event-set-a-password = Set a password
event-asked-for-a-password-reset = Asked for a password reset
event-reset-password = Reset password
event-verified-email-address = Verified email address
event-failed-to-verify-email-address = Failed to verify email address
event-asked-for-a-new-verification-email = Asked for a new verification email
event-asked-to-change-email-address = Asked to change email address
event-failed-to-start-an-email-change = Failed to start an email change
event-changed-email-address = Changed email address
event-failed-to-confirm-an-email-change = Failed to confirm an email change
event-asked-for-a-sign-in-code = Asked for a sign-in code
event-asked-for-a-confirmation-code = Asked for a confirmation code
event-confirmed-identity-with-a-passkey = Confirmed identity with a passkey
event-confirmed-identity = Confirmed identity
event-failed-to-confirm-identity = Failed to confirm identity
event-connected-google = Connected Google
event-disconnected-google = Disconnected Google
event-google-sign-in-refused = Google sign-in refused
event-deleted-the-account = Deleted the account
event-failed-to-delete-the-account = Failed to delete the account
event-restored-the-account = Restored the account
event-downloaded-a-copy-of-the-data = Downloaded a copy of the data
event-signed-in-the-second-step-was-asked = Signed in: the second step was asked for
event-finished-signing-in-with-the-authenticator-app = Finished signing in with the authenticator app
event-finished-signing-in-with-an-emailed-code = Finished signing in with an emailed code
event-finished-signing-in-with-a-recovery-code = Finished signing in with a recovery code
event-finished-signing-in-with-a-passkey = Finished signing in with a passkey
event-wrong-code-at-the-second-step-of = Wrong code at the second step of a sign-in
event-passkey-sign-in-refused-too-many-failed = Passkey sign-in refused: too many failed attempts
event-a-passkey-did-not-verify = A passkey did not verify
event-added-a-passkey = Added a passkey
event-renamed-a-passkey = Renamed a passkey
event-removed-a-passkey = Removed a passkey
event-an-admin-removed-a-passkey = An admin removed a passkey
event-asked-for-a-second-step-code = Asked for a second-step code
event-set-up-an-authenticator-app = Set up an authenticator app
event-turned-on-emailed-second-step-codes = Turned on emailed second-step codes
event-removed-the-authenticator-app = Removed the authenticator app
event-turned-off-emailed-second-step-codes = Turned off emailed second-step codes
event-made-new-recovery-codes = Made new recovery codes
event-used-a-recovery-code = Used a recovery code
event-trusted-a-browser-for-30-days = Trusted a browser for 30 days
event-stopped-trusting-a-browser = Stopped trusting a browser
event-an-admin-turned-off-two-step-sign = An admin turned off two-step sign-in
event-email-sent = Email sent
event-email-delivery-failed = Email delivery failed
event-failed = { $action } (failed)
device-unknown = Unknown device
device-browser-on-system = { $browser } on { $system }
problem-restore-sign-in-again = Sign in again to restore your account.
problem-confirm-first = Confirm this action first: nothing was changed.
problem-code-from-message = Enter the code from the message.
problem-code-missing = Enter the code.
problem-choose-app-or-email = Choose `app` or `email`.
