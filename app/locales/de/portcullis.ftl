# Portcullis auf Deutsch. Jeder Schlüssel des englischen Katalogs muss hier
# stehen, mit denselben Argumenten (app/src/i18n.rs prüft es).

## Der Rahmen jeder Seite

skip-to-content = Zum Inhalt springen
nav-main = Hauptmenü
nav-sign-in = Anmelden
nav-sign-up = Registrieren
nav-profile = Profil
nav-admin = Verwaltung
nav-sign-out = Abmelden
nav-signed-in-as = Angemeldet als { $name }
footer-language = Sprache
footer-change-language = Sprache wechseln

## Formulare

form-show-password = Passwort anzeigen
form-hide-password = Passwort verbergen
form-rule-kept = erfüllt
form-rule-not-yet = noch nicht erfüllt
form-rule-on-submit = wird beim Absenden geprüft
loading = Wird geladen…

## Passwortregeln: die Checkliste und die Fehler des Servers

rule-min-length = Mindestens { $count } Zeichen verwenden.
rule-max-length = Höchstens { $count } Zeichen verwenden.
rule-upper = Einen Großbuchstaben hinzufügen.
rule-lower = Einen Kleinbuchstaben hinzufügen.
rule-digit = Eine Ziffer hinzufügen.
rule-symbol = Ein Sonderzeichen wie ! oder # hinzufügen.
rule-not-common = Kein verbreitetes oder leicht zu erratendes Passwort verwenden.
rule-guessable = Kein verbreitetes oder leicht zu erratendes Passwort verwenden. Versuchen Sie eine längere Folge nicht zusammenhängender Wörter.
rule-personal = Ihren Namen oder Ihre E-Mail-Adresse nicht im Passwort verwenden.

## Startseite und fehlende Seiten

home-title = Willkommen
home-tagline = Einmal anmelden, sicher. Ein selbst gehostetes Anmeldeportal.
home-create-account = Konto erstellen
not-found-title = Seite nicht gefunden
not-found-text = Die angeforderte Seite gibt es nicht oder sie wurde verschoben.
not-found-back = Zurück zum Anfang

## An- und Registrieren

field-email = E-Mail
field-password = Passwort
field-first-name = Vorname
field-last-name = Nachname
field-new-password = Neues Passwort
login-title = Anmelden
login-submit = Anmelden
login-pending = Anmeldung läuft…
login-after-reset = Ihr Passwort wurde geändert. Melden Sie sich mit dem neuen an.
login-after-deletion = Ihr Konto ist gelöscht und Sie sind abgemeldet. Wie Sie es wiederherstellen können, falls Sie es sich anders überlegen, haben wir Ihnen per E-Mail geschickt.
login-forgot = Passwort vergessen?
login-email-code = Code per E-Mail senden
login-new-here = Neu hier?
login-create-account = Konto erstellen
signup-title = Konto erstellen
signup-submit = Konto erstellen
signup-pending = Ihr Konto wird erstellt…
signup-have-account = Sie haben schon ein Konto?
signup-sign-in = Anmelden
forgot-title = Passwort zurücksetzen
forgot-intro = Geben Sie Ihre E-Mail-Adresse ein, und wir senden Ihnen einen Link, mit dem Sie ein neues Passwort wählen.
forgot-submit = Link senden
forgot-pending = Wird gesendet…
forgot-sent = Falls ein Konto diese Adresse hat, haben wir ihr einen Link zum Zurücksetzen des Passworts geschickt. Er gilt eine Stunde.
forgot-back = Zurück zur Anmeldung
reset-title = Neues Passwort wählen
reset-needs-link = Diese Seite braucht den Link aus der E-Mail zum Zurücksetzen.
reset-ask-again = Einen neuen Link anfordern
reset-submit = Mein Passwort ändern
reset-pending = Wird geändert…

## Fehler (auf den Seiten und im `message` der API)

error-validation = Einige Felder brauchen Ihre Aufmerksamkeit.
error-rate-limited = Zu viele Versuche. Versuchen Sie es in { $wait } wieder.
error-too-many-messages = Sie haben mehrere Nachrichten für diese Adresse angefordert. Versuchen Sie es in { $wait } wieder.
error-reauthentication-required = Bestätigen Sie zu Ihrer Sicherheit, dass Sie es sind: Geben Sie Ihr Passwort (oder einen Code, den wir Ihnen mailen) erneut ein.
error-invalid-credentials = E-Mail-Adresse oder Passwort ist falsch.
error-account-locked = Diese E-Mail-Adresse ist nach zu vielen fehlgeschlagenen Anmeldeversuchen vorübergehend gesperrt. Versuchen Sie es später wieder.
error-account-pending-deletion = Dieses Konto wurde gelöscht und wird bald endgültig entfernt. Melden Sie sich auf der Website an, um es wiederherzustellen.
error-account-disabled = Dieses Konto wurde deaktiviert. Wenden Sie sich an die Administration.
error-email-taken = Es gibt bereits ein Konto mit dieser E-Mail-Adresse.
error-email-taken-field = Es gibt bereits ein Konto mit dieser E-Mail-Adresse. Möchten Sie sich stattdessen anmelden?
error-unauthorized = Bitte melden Sie sich zuerst an.
error-second-factor-required = Richten Sie die Anmeldung in zwei Schritten ein, bevor Sie die Verwaltung nutzen.
error-sign-in-expired = Diese Anmeldung ist abgelaufen oder wurde schon abgeschlossen. Melden Sie sich erneut an.
error-forbidden = Dafür brauchen Sie ein Administratorkonto. Fragen Sie die Administration, wenn Sie Zugang brauchen.
error-internal = Bei uns ist etwas schiefgelaufen. Bitte versuchen Sie es erneut.
error-unreadable-request = Die Anfrage konnte nicht gelesen werden. Prüfen Sie das Formular und versuchen Sie es erneut.
error-unreachable = Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.
error-language-unknown = Wählen Sie eine der angebotenen Sprachen.
wait-minutes = { $minutes ->
    [one] einer Minute
   *[other] etwa { $minutes } Minuten
}
wait-hours = { $hours ->
    [one] etwa einer Stunde
   *[other] etwa { $hours } Stunden
}

## Signing in with a code, the second step, verifying, restoring

code-title = Mit einem Code anmelden
code-intro = Wir mailen Ihnen einen 6-stelligen Code, mit dem Sie sich anmelden.
code-sent-before = Wenn ein Konto die Adresse{" "}
code-sent-after = {" "}hat, haben wir ihm einen Code geschickt. Er gilt 10 Minuten.
field-code = Code
code-send-new = Neuen Code senden
second-step-title = Anmeldung in zwei Schritten
second-step-sign-in-again = Erneut anmelden
second-step-code-app-or-email = Code aus Ihrer Authenticator-App oder der E-Mail
second-step-code-app = Code aus Ihrer Authenticator-App
second-step-code-email = Code aus der E-Mail
second-step-intro-app = Ihr Passwort war richtig. Geben Sie den 6-stelligen Code ein, den Ihre Authenticator-App zeigt.
second-step-intro-email = Ihr Passwort war richtig. Wir können Ihnen einen Code mailen, um die Anmeldung abzuschließen.
second-step-sent-before = Wir haben einen Code an{" "}
second-step-sent-after = {" "}geschickt. Er gilt 10 Minuten.
second-step-checking = Wird geprüft…
second-step-email-instead = Stattdessen Code per E-Mail senden
second-step-use-recovery = Wiederherstellungscode verwenden
field-recovery-code = Wiederherstellungscode
second-step-recovery-hint = Einer der Codes, die Sie beim Einrichten der Anmeldung in zwei Schritten gespeichert haben.
second-step-recovery-submit = Mit Wiederherstellungscode anmelden
second-step-trust = Diesem Browser 30 Tage lang vertrauen
verify-title = E-Mail-Adresse bestätigen
verify-confirm = E-Mail-Adresse bestätigen
verify-confirming = Wird bestätigt…
or = oder
verify-code = Code aus der Nachricht
verify-submit = Bestätigen
verify-pending = Wird bestätigt…
verify-done = Ihre E-Mail-Adresse ist bestätigt.
verify-to-profile = Zu Ihrem Profil
restore-title = Konto wiederherstellen
restore-offer-before = Dieses Konto wurde gelöscht. Seine Daten werden am{" "}
restore-offer-after = {" "}gelöscht. Stellen Sie es wieder her, um es wieder zu nutzen; nichts geht verloren.
restore-submit = Mein Konto wiederherstellen
restore-pending = Wird wiederhergestellt…
restore-keep-deleted = Gelöscht lassen
restore-sign-in-first = Melden Sie sich mit dem Passwort des gelöschten Kontos oder einem Code per E-Mail an, um es wiederherzustellen.

## Profil

profile-loading = Ihr Profil wird geladen…
profile-nav-details = Angaben
profile-nav-security = Passwort & E-Mail
profile-nav-passkeys = Passkeys
profile-nav-two-step = Anmeldung in zwei Schritten
profile-nav-devices = Geräte
profile-nav-activity = Aktivität
profile-nav-data = Ihre Daten
admin-nav-dashboard = Übersicht
admin-nav-users = Konten
admin-nav-audit = Protokoll

## Profile pages

profile-confirm-first = Bestätigen Sie zu Ihrer Sicherheit, dass Sie es sind, bevor Sie das ändern.
profile-confirm-link = Bestätigen, dass Sie es sind
profile-title = Ihr Profil
profile-restored = Willkommen zurück: Ihr Konto ist wiederhergestellt.
profile-saved = Ihr Name ist gespeichert.
profile-name = Name
profile-email-verified = E-Mail bestätigt
yes = Ja
profile-not-yet = Noch nicht
profile-member-since = Mitglied seit
profile-last-sign-in = Letzte Anmeldung
profile-edit-name = Namen ändern
profile-save-name = Namen speichern
saving = Wird gespeichert…
profile-resend = Bestätigungs-E-Mail erneut senden
profile-resent = Gesendet. Sehen Sie in Ihrem Posteingang nach.
security-password-changed = Ihr Passwort ist geändert. Alle anderen Geräte wurden abgemeldet.
security-email-changed = Ihre E-Mail-Adresse ist geändert.
security-change-password = Passwort ändern
security-set-password = Passwort festlegen
security-change-email = E-Mail-Adresse ändern
security-now = Jetzt:{" "}
field-current-password = Aktuelles Passwort
security-others-signed-out = Alle anderen Geräte werden abgemeldet.
security-change-password-submit = Passwort ändern
security-no-password = Ihr Konto meldet sich mit Google oder Codes per E-Mail an. Um ein Passwort hinzuzufügen, bestätigen Sie mit einem Code, den wir Ihnen mailen.
security-set-password-submit = Passwort festlegen
security-email-pending-after = {" "}geschickt. Geben Sie ihn ein, um Ihr Konto dorthin umzuziehen; bis dahin ändert sich nichts.
security-confirm-new-address = Neue Adresse bestätigen
field-new-email = Neue E-Mail-Adresse
security-send-code-new-address = Code an die neue Adresse senden
security-code-sent = Gesendet. Er gilt 10 Minuten.
two-step-app-title = Authenticator-App einrichten
two-step-codes-title = Ihre Wiederherstellungscodes
two-step-intro = Nach Ihrem Passwort (oder einem Code per E-Mail, oder Google) wird ein zweiter Nachweis verlangt: ein Code aus einer Authenticator-App oder ein Code, den wir Ihnen mailen.
two-step-required = Administratoren müssen die Anmeldung in zwei Schritten nutzen. Richten Sie sie ein, um die Verwaltung zu öffnen.
two-step-app-added = Ihre Authenticator-App ist eingerichtet.
two-step-email-added = Wir mailen Ihnen nach Ihrem Passwort einen Code.
two-step-removed = Entfernt.
two-step-on = Ein
two-step-off = Aus
two-step-state = Anmeldung in zwei Schritten:{" "}
two-step-app = Authenticator-App
two-step-set-up-done = Eingerichtet.
two-step-app-examples = Google Authenticator, 1Password, Authy, Bitwarden…
remove = Entfernen
two-step-set-up = Einrichten
two-step-email = Nach meinem Passwort einen Code per E-Mail senden
two-step-on-dot = Ein.
two-step-off-dot = Aus.
turn-off = Ausschalten
turn-on = Einschalten
two-step-recovery = Wiederherstellungscodes
two-step-recovery-intro = Für den Fall, dass Sie Ihr Telefon verlieren: Jeder Code meldet Sie einmal an.{" "}
two-step-recovery-left = {" "}übrig.
two-step-recovery-new = Neue Wiederherstellungscodes erstellen
two-step-scan = Scannen Sie diesen QR-Code mit Ihrer Authenticator-App:
two-step-type-key = Oder geben Sie diesen Schlüssel in die App ein:
two-step-enter-code = Geben Sie den 6-stelligen Code ein, den die App zeigt:
two-step-code-from-app = Code aus der App
two-step-codes-save = Speichern Sie diese Codes jetzt: Sie werden nur dieses eine Mal gezeigt. Jeder meldet Sie einmal an, wenn Sie Ihren zweiten Faktor verlieren.
two-step-codes-text = Die Codes als Text, zum Kopieren
two-step-codes-download = Als Text herunterladen
two-step-codes-saved = Ich habe sie gespeichert
two-step-codes-gone-before = Wiederherstellungscodes werden einmal gezeigt, wenn sie erstellt werden. Für neue erstellen Sie neue Codes auf der{" "}
two-step-codes-gone-link = Seite zur Anmeldung in zwei Schritten
two-step-codes-low = Sie haben noch { $count } Wiederherstellungscodes. Erstellen Sie unten neue und bewahren Sie sie sicher auf.
two-step-codes-file = Portcullis-Wiederherstellungscodes

## Passkeys, devices, data, confirming

passkeys-intro = Ein Passkey meldet Sie statt mit einem Passwort mit Fingerabdruck, Gesicht oder Bildschirmsperre an und kann nicht abgefischt werden.{" "}
passkeys-intro-two-step = Wenn die Anmeldung in zwei Schritten eingeschaltet ist, dient ein Passkey auch als ihr zweiter Schritt.
passkeys-added = Ihr Passkey ist hinzugefügt. Sie können sich jetzt damit anmelden.
passkeys-renamed = Der Passkey ist umbenannt.
passkeys-removed = Der Passkey ist entfernt. Er meldet Sie nicht mehr an.
passkeys-none = Sie haben noch keine Passkeys.
passkeys-add = Passkey hinzufügen
never = nie
passkeys-added-at = {" "}· hinzugefügt{" "}
last-used = {" "}· zuletzt benutzt{" "}
passkeys-new-name-for = Neuer Name für{" "}
rename = Umbenennen
devices-activity-title = Letzte Aktivität
devices-intro = Browser und Apps, die bei Ihrem Konto angemeldet sind. Eine Abmeldung wirkt bei ihrer nächsten Anfrage.
devices-app = {" "}(App)
devices-this = Dieses Gerät
devices-unknown-address = unbekannte Adresse
devices-signed-in-at = {" "}· angemeldet{" "}
devices-sign-out-others = Überall sonst abmelden
devices-trusted = Vertrauenswürdige Browser
devices-trusted-intro = Diese überspringen den zweiten Schritt der Anmeldung bis zum angezeigten Datum.
devices-trusted-at = {" "}· vertraut seit{" "}
devices-until = {" "}· bis{" "}
devices-stop-trusting = Nicht mehr vertrauen
devices-activity-intro = Ihre letzten 20 Anmeldungen, Fehlversuche und Änderungen.
devices-when = Wann
devices-what = Was
devices-address = Adresse
devices-device = Gerät
data-download-title = Ihre Daten herunterladen
data-download-intro = Eine JSON-Datei mit Ihrem Profil, verbundenen Konten, Geräten und Ihrer Aktivität. Sie enthält kein Passwort und kein Token.
data-download = Meine Daten herunterladen
data-delete-title = Ihr Konto löschen
data-delete-intro = Ihr Konto funktioniert sofort nicht mehr, und alle Geräte werden abgemeldet. Seine persönlichen Daten werden nach einer Frist gelöscht; bis dahin bietet eine Anmeldung an, es wiederherzustellen.
data-your-address = Ihre Adresse:{" "}
data-type-email = Geben Sie zur Bestätigung Ihre E-Mail-Adresse ein
data-delete = Mein Konto löschen
confirm-title = Bestätigen, dass Sie es sind
confirm-intro = Sie haben sich vor einer Weile angemeldet. Bestätigen Sie, dass Sie es sind, bevor Sie Passwort, E-Mail-Adresse oder Konto ändern.
confirm = Bestätigen
confirm-use-factor = Stattdessen Authenticator-App oder Wiederherstellungscode verwenden
confirm-factor-code = Code aus der App oder ein Wiederherstellungscode
passkeys-synced = auf Ihren Geräten synchronisiert
passkeys-one-device = auf einem Gerät
passkeys-kind-unknown = Passkey { $sync }

## Passkeys im Browser

webauthn-unsupported = Dieser Browser kann hier keine Passkeys verwenden. Aktualisieren Sie ihn oder melden Sie sich anders an.
webauthn-cancelled = Die Passkey-Anfrage wurde abgebrochen oder ist abgelaufen.
webauthn-already-registered = Dieses Gerät hat schon einen Passkey für Ihr Konto.
webauthn-insecure-site = Die Adresse dieser Website kann keine Passkeys verwenden.
webauthn-not-supported = Kein Authenticator hier kann diese Art von Passkey erstellen.
webauthn-failed = Die Passkey-Anfrage hat nicht funktioniert. Versuchen Sie es erneut.

## Passkeys and Google on the pages

passkey-waiting = Warte auf Ihren Passkey…
passkey-sign-in = Mit einem Passkey anmelden
passkey-needs-js-sign-in = Passkeys brauchen JavaScript, das in diesem Browser ausgeschaltet ist. Melden Sie sich unten mit Ihrem Passwort, einem Code per E-Mail oder Google an.
passkey-use = Passkey verwenden
passkey-needs-js-second-step = Passkeys brauchen JavaScript, das in diesem Browser ausgeschaltet ist. Verwenden Sie stattdessen einen Code oder einen Wiederherstellungscode.
passkey-confirm = Mit einem Passkey bestätigen
passkey-needs-js-add = Um einen Passkey hinzuzufügen, braucht es JavaScript, das in diesem Browser ausgeschaltet ist. Passwort, Codes per E-Mail und die Anmeldung in zwei Schritten funktionieren auch ohne.
passkey-name-optional = Name (freiwillig)
passkey-waiting-device = Warte auf Ihr Gerät…
google-continue = Weiter mit Google
google-methods = Anmeldemethoden
google-password = Passwort:{" "}
google-set = Festgelegt
google-not-set = Nicht festgelegt
google-code = Ein Code an Ihre Adresse:{" "}
google-always-on = Immer eingeschaltet
google-google = Google:{" "}
google-linked = Verbunden
google-not-linked = Nicht verbunden
google-unlink = Trennen
google-link = Verbinden

## Die Aktionen der Verwaltung

action-unknown = Unbekannte Aktion.
action-activate = Aktivieren
action-deactivate = Deaktivieren
action-unlock = Entsperren
action-revoke-sessions = Überall abmelden
action-resend-verification = Bestätigung erneut senden
action-send-password-reset = Passwort-Zurücksetzung senden
action-make-admin = Zum Admin machen
action-make-user = Zum Nutzer machen
action-delete = Löschen
action-reset-second-factor = Anmeldung in zwei Schritten ausschalten
action-remove-passkey = Entfernen
question-deactivate = { $name } deaktivieren?
question-revoke-sessions = { $name } überall abmelden?
question-make-admin = { $name } Administratorrechte geben?
question-make-user = { $name } die Administratorrechte nehmen?
question-delete = { $name } löschen?
question-reset-second-factor = Die Anmeldung in zwei Schritten für { $name } ausschalten?
question-remove-passkey-named = Den Passkey „{ $passkey }“ von { $name } entfernen?
question-remove-passkey = Einen Passkey von { $name } entfernen?
question-other = { $action }: { $name }?
effect-deactivate = Das Konto wird sofort überall abgemeldet und kann sich erst wieder anmelden, wenn eine Administratorin oder ein Administrator es aktiviert.
effect-revoke-sessions = Alle bei diesem Konto angemeldeten Browser und Apps werden sofort abgemeldet. Sie können sich wieder anmelden.
effect-make-admin = Das Konto kann dann alle Konten, Rollen und Sitzungen verwalten und das Protokoll lesen.
effect-make-user = Das Konto kann die Verwaltung nicht mehr öffnen.
effect-delete = Das Konto wird geschlossen und seine persönlichen Daten werden jetzt gelöscht. Das lässt sich nicht rückgängig machen.
effect-reset-second-factor = Authenticator-App, Codes per E-Mail und Wiederherstellungscodes werden entfernt, sodass das Passwort allein anmeldet. Die Person wird per E-Mail informiert.
effect-remove-passkey = Der Passkey meldet nicht mehr an. Die Person wird per E-Mail informiert.
effect-activate = Das Konto kann sich wieder anmelden.
effect-unlock = Anmeldeversuche werden sofort wieder angenommen.
effect-resend-verification = Ein neuer Bestätigungslink wird zugeschickt.
effect-send-password-reset = Ein Link zum Zurücksetzen des Passworts wird zugeschickt.

## Die Aktionen des Protokolls (`audit-` und der gespeicherte Name)

audit-login = Anmeldung
audit-lockout = Adresse gesperrt
audit-logout = Abmeldung
audit-logout_all = Überall abgemeldet
audit-logout_others = Andere Geräte abgemeldet
audit-session_revoked = Gerät abgemeldet
audit-signup = Registrierung
audit-token_refresh = App-Token erneuert
audit-token_reuse = Altes App-Token wiederverwendet
audit-profile_updated = Profil geändert
audit-password_change = Passwort geändert
audit-password_set = Passwort festgelegt
audit-password_reset_request = Passwort-Zurücksetzung angefordert
audit-password_reset = Passwort zurückgesetzt
audit-email_verification = E-Mail bestätigt
audit-email_verification_resend = Bestätigungs-E-Mail angefordert
audit-email_change_request = E-Mail-Änderung angefordert
audit-email_change = E-Mail geändert
audit-code_request = Anmeldecode angefordert
audit-confirmation_code_request = Bestätigungscode angefordert
audit-reauthentication = Identität bestätigt
audit-google_link = Google verbunden
audit-google_unlink = Google getrennt
audit-google_sign_in = Anmeldung mit Google
audit-account_deletion = Konto gelöscht
audit-account_restored = Konto wiederhergestellt
audit-account_erased = Konto endgültig gelöscht
audit-data_export = Daten heruntergeladen
audit-mail_queued = E-Mail eingereiht
audit-mail_sent = E-Mail gesendet
audit-mail_retry = E-Mail-Zustellung wiederholt
audit-mail_failed = E-Mail-Zustellung fehlgeschlagen
audit-admin_created = Admin erstellt
audit-admin_promoted = Zum Admin befördert
audit-admin_activate = Von einem Admin aktiviert
audit-admin_deactivate = Von einem Admin deaktiviert
audit-admin_unlock = Von einem Admin entsperrt
audit-admin_revoke_sessions = Von einem Admin überall abgemeldet
audit-admin_resend_verification = Bestätigung von einem Admin erneut gesendet
audit-admin_password_reset = Passwort-Zurücksetzung von einem Admin gesendet
audit-admin_set_role = Rolle von einem Admin geändert
audit-admin_delete = Von einem Admin gelöscht
audit-first_factor = Erster Schritt bestanden
audit-second_step = Zweiter Schritt
audit-second_step_code_request = Code für den zweiten Schritt angefordert
audit-second_factor_added = Zweiter Faktor hinzugefügt
audit-second_factor_removed = Zweiter Faktor entfernt
audit-recovery_codes_regenerated = Neue Wiederherstellungscodes
audit-recovery_code_used = Wiederherstellungscode benutzt
audit-trusted_browser_added = Browser vertraut
audit-trusted_browser_revoked = Browser nicht mehr vertraut
audit-admin_reset_second_factor = Anmeldung in zwei Schritten von einem Admin ausgeschaltet
audit-passkey_sign_in = Passkey abgelehnt
audit-passkey_added = Passkey hinzugefügt
audit-passkey_renamed = Passkey umbenannt
audit-passkey_removed = Passkey entfernt
audit-admin_remove_passkey = Passkey von einem Admin entfernt

## The admin panel

admin-only-title = Nur für Administratoren
admin-pages = Seiten
admin-previous = Zurück
admin-next = Weiter
admin-total-users = Konten
admin-total-verified = Bestätigt
admin-total-active = Aktiv in 7 Tagen
admin-total-locked = Jetzt gesperrt
admin-total-admins = Admins
admin-chart-signups = Registrierungen pro Tag (30 Tage)
admin-series-signups = Registrierungen
admin-chart-sign-ins = Anmeldungen pro Tag (30 Tage)
admin-succeeded = Erfolgreich
admin-failed = Fehlgeschlagen
admin-methods = Anmeldemethoden (30 Tage)
admin-search = Suche
admin-search-placeholder = E-Mail oder Name
admin-role = Rolle
admin-any = Alle
admin-role-user = Nutzer
admin-role-admin = Admin
admin-active = Aktiv
admin-inactive = Inaktiv
admin-not-verified = Nicht bestätigt
admin-locked = Gesperrt
admin-not-locked = Nicht gesperrt
admin-apply = Anwenden
admin-status = Status
admin-created = Erstellt
admin-no-users = Keine Konten passen zu diesen Filtern.
admin-deleted = Gelöscht
admin-not-verified-suffix = {" "}(nicht bestätigt)
admin-audit-user = Konto (E-Mail oder ID)
admin-audit-action = Aktion
admin-audit-result = Ergebnis
admin-audit-from = Von
admin-audit-until = Bis
admin-audit-ip = IP-Adresse
admin-audit-csv = CSV herunterladen
admin-audit-user-column = Konto
admin-audit-by = Durch Admin
admin-audit-user-agent = User-Agent
admin-no-events = Keine Einträge passen zu diesen Filtern.
admin-user-title = Konto
admin-done = Erledigt.
admin-deleted-waiting = Gelöscht, wartet auf endgültige Löschung
no = Nein
admin-none = Keine
admin-factor-app = Authenticator-App
admin-factor-email = Codes per E-Mail
admin-connections = Verbundene Konten
admin-actions = Aktionen
admin-sessions = Aktive Sitzungen
admin-none-dot = Keine.
admin-events = Letzte Ereignisse
cancel = Abbrechen
admin-confirm-title = Aktion bestätigen
admin-page-count = Seite { $page } von { $pages } ({ $total } insgesamt)
admin-until = Bis{" "}
admin-signed-in-at = {" "}· angemeldet{" "}
admin-added-at = {" "}· hinzugefügt{" "}
admin-synced = synchronisiert
admin-one-device = ein Gerät
admin-chart-description = { $title }: { $total } insgesamt, höchstens { $max } pro Tag.
admin-methods-label = Anmeldemethoden: { $total } Anmeldungen
profile-language = Sprache
profile-language-intro = Ihre Seiten und die E-Mails, die wir Ihnen schicken, verwenden diese Sprache.
