# Die Worte des Servers auf Deutsch: Mails und die Meldungen der API.
# Jeder Schlüssel des englischen Server-Katalogs muss hier stehen, mit
# denselben Argumenten (app/src/i18n.rs prüft es).

## Mails

mail-hello = Hallo { $name },
mail-your-code = Ihr Code
mail-if-not-you-reset = Wenn Sie das waren, ist nichts zu tun. Wenn nicht, setzen Sie jetzt Ihr Passwort zurück:
mail-reset-now = Passwort zurücksetzen
mail-link-expiry = Der Link funktioniert einmal und läuft in { $minutes ->
    [one] einer Minute
   *[other] { $minutes } Minuten
} ab.
mail-code-expiry = Er funktioniert einmal und läuft in { $minutes ->
    [one] einer Minute
   *[other] { $minutes } Minuten
} ab.

mail-verify-subject = E-Mail-Adresse bestätigen
mail-verify-intro = Bestätigen Sie die E-Mail-Adresse Ihres Portcullis-Kontos mit diesem Link:
mail-verify-link = E-Mail-Adresse bestätigen
mail-verify-or-code = Oder geben Sie diesen Code auf der Bestätigungsseite ein.
mail-verify-expiry = Link und Code laufen in { $hours ->
    [one] einer Stunde
   *[other] { $hours } Stunden
} ab.
mail-verify-not-you = Wenn Sie das nicht waren, ignorieren Sie diese Nachricht: Ohne Bestätigung geschieht nichts.

mail-reset-subject = Passwort zurücksetzen
mail-reset-intro = Jemand möchte das Passwort Ihres Portcullis-Kontos zurücksetzen. Mit diesem Link wählen Sie ein neues Passwort:
mail-reset-link = Neues Passwort wählen
mail-reset-not-you = Wenn Sie das nicht waren, ignorieren Sie diese Nachricht: Ihr Passwort bleibt, wie es ist.

mail-password-changed-subject = Ihr Passwort wurde geändert
mail-password-changed = Das Passwort Ihres Portcullis-Kontos wurde soeben geändert, und alle Geräte wurden abgemeldet.

mail-claimed-subject = wir haben Ihr Konto gesichert
mail-claimed = Sie haben soeben zum ersten Mal bewiesen, dass diese Adresse Ihnen gehört. Vielleicht hat jemand dieses Konto vor Ihnen eingerichtet, deshalb wurde alles zuvor Eingerichtete entfernt:
mail-claimed-set-password = Legen Sie ein eigenes Passwort fest, wenn Sie eines möchten:
mail-claimed-link = Passwort festlegen
mail-claimed-password = das zuvor gesetzte Passwort (Ihres ersetzt es)
mail-claimed-sessions = { $count ->
    [one] ein angemeldetes Gerät wurde abgemeldet
   *[other] { $count } angemeldete Geräte wurden abgemeldet
}
mail-claimed-password-before = das zuvor gesetzte Passwort
mail-claimed-google = das verbundene Google-Konto
mail-claimed-two-step = die eingerichtete Anmeldung in zwei Schritten (Authenticator-App, Codes per E-Mail, Wiederherstellungscodes)
mail-claimed-passkeys = die hinzugefügten Passkeys

mail-methods-subject = eine Anmeldemethode wurde geändert
mail-review-profile = Profil ansehen
mail-google-connected = Google wurde mit Ihrem Portcullis-Konto verbunden.
mail-google-disconnected = Google wurde von Ihrem Portcullis-Konto getrennt.

mail-two-step-subject = Anmeldung in zwei Schritten geändert
mail-review-two-step = Anmeldung in zwei Schritten ansehen
mail-two-step-app-added = Für Ihr Konto wurde eine Authenticator-App zur Anmeldung in zwei Schritten eingerichtet.
mail-two-step-email-added = Die Anmeldung in zwei Schritten mit Codes per E-Mail wurde für Ihr Konto eingeschaltet.
mail-two-step-app-removed = Die Authenticator-App wurde von Ihrem Konto entfernt.
mail-two-step-email-removed = Die Anmeldung in zwei Schritten mit Codes per E-Mail wurde für Ihr Konto ausgeschaltet.
mail-two-step-off = Die Anmeldung in zwei Schritten wurde für Ihr Konto ausgeschaltet: Jetzt genügt das Passwort allein.
mail-two-step-reset-by-admin = Eine Administratorin oder ein Administrator hat die Anmeldung in zwei Schritten für Ihr Konto ausgeschaltet: Jetzt genügt das Passwort allein. Richten Sie sie in Ihrem Profil wieder ein.
mail-recovery-codes-new = Für Ihr Konto wurden neue Wiederherstellungscodes erstellt; die alten gelten nicht mehr.
mail-recovery-code-used = Mit einem Wiederherstellungscode wurde sich bei Ihrem Konto angemeldet. { $left ->
    [0] Es war der letzte: Erstellen Sie neue auf der Seite zur Anmeldung in zwei Schritten.
    [one] Einer ist noch übrig.
   *[other] { $left } sind noch übrig.
}

mail-recovery-code-confirmed = Mit einem Wiederherstellungscode wurde bestätigt, dass Sie es sind. { $left ->
    [one] Einer ist noch übrig.
   *[other] { $left } sind noch übrig.
}

mail-passkeys-subject = Passkeys geändert
mail-review-passkeys = Passkeys ansehen
mail-passkey-added = Ein Passkey namens „{ $name }“ wurde Ihrem Konto hinzugefügt. Er kann Sie anmelden.
mail-passkey-removed = Der Passkey namens „{ $name }“ wurde von Ihrem Konto entfernt.
mail-passkey-removed-by-admin = Eine Administratorin oder ein Administrator hat den Passkey namens „{ $name }“ von Ihrem Konto entfernt. Er meldet Sie nicht mehr an.

mail-code-subject = Ihr Anmeldecode
mail-code-intro = Hier ist Ihr Code zur Anmeldung bei Portcullis.
mail-code-not-you = Wenn Sie das nicht waren, ignorieren Sie diese Nachricht: Ohne den Code kann sich niemand anmelden.
mail-action-code-subject = Ihr Bestätigungscode
mail-action-code-not-you = Wenn Sie das nicht waren, ignorieren Sie diese Nachricht und ändern Sie am besten Ihr Passwort.
mail-action-second-step = Mit diesem Code schließen Sie Ihre Anmeldung ab (der erste Schritt war richtig):
mail-action-confirm = Mit diesem Code bestätigen Sie, dass Sie es sind:
mail-action-new-address = Mit diesem Code bestätigen Sie diese Adresse für Ihr Konto:

mail-email-changed-subject = Ihre E-Mail-Adresse wurde geändert
mail-email-changed = Die E-Mail-Adresse Ihres Portcullis-Kontos wurde von { $old } in { $new } geändert. Nachrichten zum Konto gehen jetzt dorthin.
mail-email-changed-not-you = Wenn Sie das nicht waren, setzen Sie Ihr Passwort zurück und wenden Sie sich an Ihre Administration:

mail-deleted-subject = Ihr Konto wurde gelöscht
mail-deleted = Ihr Portcullis-Konto wurde gelöscht, und alle Geräte wurden abgemeldet. Seine persönlichen Daten werden am { $date } gelöscht.
mail-deleted-restore = Haben Sie es sich anders überlegt? Melden Sie sich vorher an und stellen Sie es wieder her:
mail-deleted-link = Anmelden
mail-deleted-not-you = Wenn Sie das nicht waren, melden Sie sich an, stellen Sie das Konto wieder her und ändern Sie dann Ihr Passwort.

## Die Antworten der API (`message`)

api-a-code-is-on-its-way = Ein Code ist unterwegs.
api-account-created = Konto erstellt.
api-account-deleted = Konto gelöscht. Melden Sie sich innerhalb der Frist auf der Website an, um es wiederherzustellen.
api-passkey-sign-in-begun = Fragen Sie die Plattform nach einem Passkey und senden Sie dann seine Antwort, um abzuschließen.
api-passkey-confirmation-begun = Fragen Sie die Plattform nach dem Passkey und senden Sie dann seine Antwort, um abzuschließen.
api-audit-events = Protokolleinträge.
api-passkey-registration-begun = Erstellen Sie den Passkey und senden Sie ihn dann, um abzuschließen.
api-deleted = Gelöscht.
api-email-address-changed = E-Mail-Adresse geändert.
api-email-address-verified = E-Mail-Adresse bestätigt.
api-reset-link-sent = Wenn ein Konto diese Adresse hat, haben wir ihm einen Link zum Zurücksetzen des Passworts geschickt.
api-sign-in-code-sent = Wenn ein Konto diese Adresse hat, haben wir ihm einen Anmeldecode geschickt.
api-passkey-added = Passkey hinzugefügt.
api-passkey-removed = Passkey entfernt.
api-passkey-renamed = Passkey umbenannt.
api-password-changed = Passwort geändert.
api-profile-updated = Profil gespeichert.
api-signed-out-everywhere = Überall abgemeldet.
api-signed-out-on-that-device = Auf diesem Gerät abgemeldet.
api-signed-out = Abgemeldet.
api-statistics = Statistik.
api-the-user = Das Konto.
api-tokens-refreshed = Tokens erneuert.
api-two-step-sign-in-turned-off = Anmeldung in zwei Schritten ausgeschaltet.
api-unlocked = Entsperrt.
api-updated = Gespeichert.
api-users = Konten.
api-email-change-code-sent = Wir haben einen Code an die neue Adresse geschickt. Bestätigen Sie ihn, um die Änderung abzuschließen.
api-your-account = Ihr Konto.
api-your-active-sign-ins = Ihre aktiven Anmeldungen.
api-your-data = Ihre Daten.
api-your-passkeys = Ihre Passkeys.
api-password-reset-done = Ihr Passwort wurde geändert. Melden Sie sich mit dem neuen an.
api-second-step-needed = Geben Sie den Code aus Ihrer Authenticator-App (oder einen anderen zweiten Faktor) ein, um die Anmeldung abzuschließen.

## Probleme, die der Server meldet (`message` der Fehler und Feldmeldungen)

problem-password-wrong = Das Passwort ist nicht richtig.
problem-current-password-missing = Geben Sie Ihr aktuelles Passwort ein.
problem-code-invalid = Dieser Code ist nicht gültig.
problem-code-invalid-why = Dieser Code ist nicht gültig: Vielleicht ist er vertippt, schon benutzt, durch einen neueren ersetzt oder abgelaufen.
problem-no-password-use-code = Ihr Konto hat kein Passwort: Geben Sie den Code ein, den wir Ihnen mailen.
problem-code-just-used = Dieser Code wurde gerade benutzt.
problem-same-address = Das ist bereits Ihre Adresse: Geben Sie eine andere ein.
problem-device-not-signed-in = Dieses Gerät ist (nicht mehr) bei Ihrem Konto angemeldet.
problem-no-password-yet = Ihr Konto hat noch kein Passwort: Es meldet sich mit Google oder Codes per E-Mail an.
problem-same-password = Wählen Sie ein anderes Passwort als das aktuelle.
problem-has-password = Ihr Konto hat schon ein Passwort: Ändern Sie es stattdessen.
problem-role = Verwenden Sie user oder admin.
problem-no-such-user = Dieses Konto gibt es nicht.
problem-page = Verwenden Sie eine ganze Zahl ab 1.
problem-per-page = Verwenden Sie eine ganze Zahl von 1 bis 100.
problem-date = Verwenden Sie ein Datum wie 2026-11-21.
problem-statuses = Verwenden Sie active, inactive, locked, unlocked, verified oder unverified, durch Kommas getrennt.
problem-statuses-exclusive = Diese Zustände schließen einander aus.
problem-sort = Verwenden Sie created, last_sign_in oder email, mit - davor für absteigende Reihenfolge.
problem-search-length = Suchen Sie nach höchstens 254 Zeichen.
problem-boolean = Verwenden Sie true oder false.
problem-not-yourself = Sie können sich nicht selbst herabstufen, deaktivieren oder löschen: Fragen Sie eine andere Administratorin oder einen anderen Administrator.
problem-last-admin = Das ist das letzte Administratorkonto: Befördern Sie zuerst ein anderes Konto.
problem-already-verified = Diese Adresse ist schon bestätigt.
problem-no-second-factor = Dieses Konto hat keinen zweiten Faktor.
problem-no-such-passkey = Diesen Passkey gibt es nicht.
problem-admin-patch-empty = Senden Sie isActive, role oder beides.
problem-query-invalid = Die Abfrageparameter sind nicht gültig.
problem-verify-input = Senden Sie das Token des Links oder die E-Mail-Adresse und den Code.
problem-second-step-input = Senden Sie entweder `code` oder `recoveryCode`.
problem-not-json = Senden Sie den Inhalt als JSON, mit `Content-Type: application/json`.
problem-field-type = Dieses Feld fehlt oder hat den falschen Typ.
problem-json-fields = Der JSON-Inhalt hat nicht die erwarteten Felder.
problem-json-syntax = Der Inhalt ist kein gültiges JSON.
problem-body-unreadable = Der Inhalt der Anfrage ist zu groß oder konnte nicht gelesen werden.
problem-request-unreadable = Die Anfrage konnte nicht gelesen werden.
problem-no-route = Diesen API-Pfad gibt es nicht.
problem-method = Dieser Pfad nimmt diese HTTP-Methode nicht an.
problem-internal-later = Bei uns ist etwas schiefgelaufen. Versuchen Sie es gleich noch einmal.
problem-cross-origin = Anfragen von anderen Websites sind nicht erlaubt.
problem-body-too-large = Der Inhalt der Anfrage ist zu groß.
problem-timeout = Der Server hat zu lange gebraucht. Versuchen Sie es gleich noch einmal.
problem-link-or-code-invalid = Dieser Link oder Code ist nicht gültig: Vielleicht ist er vertippt, schon benutzt, durch einen neueren ersetzt oder abgelaufen.
problem-code-wrong-or-used = Dieser Code ist nicht richtig oder wurde schon benutzt.
problem-passkeys-unavailable = Passkeys gibt es auf diesem Server nicht: Seine öffentliche Adresse ist kein Domainname. Melden Sie sich anders an.
problem-passkey-ceremony-over = Diese Passkey-Anfrage ist vorbei (sie wurde benutzt oder ist älter als fünf Minuten). Versuchen Sie es erneut.
problem-passkey-unknown = Dieser Passkey ist hier nicht registriert. Vielleicht wurde er entfernt: Melden Sie sich anders an.
problem-passkey-refused = Dieser Passkey hat hier nicht funktioniert. Versuchen Sie es erneut oder melden Sie sich anders an.
problem-passkey-registered = Dieser Passkey ist schon registriert.
problem-name-missing = Geben Sie einen Namen ein.
problem-passkey-answer-long = Die Antwort des Passkeys ist zu lang.
problem-passkey-answer-invalid = Die Antwort des Passkeys ist kein WebAuthn-Schlüssel (das JSON eines PublicKeyCredential).
problem-passkey-name-characters = Verwenden Sie Buchstaben, Ziffern, Leerzeichen und Satzzeichen.
problem-app-exists = Eine Authenticator-App ist schon eingerichtet. Entfernen Sie sie zuerst, um eine andere einzurichten.
problem-app-start-again = Fangen Sie neu an: Öffnen Sie die Einrichtungsseite für einen neuen QR-Code.
problem-app-code-wrong = Dieser Code ist nicht richtig. Geben Sie die 6 Ziffern ein, die Ihre App jetzt zeigt.
problem-app-already-set-up = Diese App ist schon eingerichtet.
problem-recovery-needs-two-step = Richten Sie zuerst die Anmeldung in zwei Schritten ein: Wiederherstellungscodes vertreten ihren zweiten Faktor.
problem-no-such-browser = Diesen vertrauenswürdigen Browser gibt es nicht.
problem-no-email-codes = Dieses Konto bekommt keine Codes per E-Mail für den zweiten Schritt.
problem-no-two-step = Ihr Konto hat keine Anmeldung in zwei Schritten: Verwenden Sie Ihr Passwort.
problem-password-missing = Geben Sie Ihr Passwort ein.
problem-google-only-method = Google ist Ihre einzige Möglichkeit, sich anzumelden. Legen Sie zuerst ein Passwort fest und trennen Sie dann Google.
problem-google-incomplete = Die Anmeldung mit Google wurde nicht abgeschlossen. Fangen Sie auf der Anmeldeseite neu an.
problem-google-off = Die Anmeldung mit Google ist hier nicht eingeschaltet.
problem-google-unverified-answer = Die Antwort von Google konnte nicht geprüft werden. Versuchen Sie es erneut.
problem-google-unavailable = Google hat nicht wie erwartet geantwortet. Versuchen Sie es gleich noch einmal.
problem-google-link-required = Es gibt bereits ein Konto mit dieser E-Mail-Adresse. Melden Sie sich mit Ihrem Passwort oder einem Code per E-Mail an und verbinden Sie dann Google in Ihrem Profil.
problem-google-email-unverified = Google hat diese Adresse nicht bestätigt. Bestätigen Sie sie bei Google oder registrieren Sie sich stattdessen mit Ihrer E-Mail-Adresse.
problem-google-linked-elsewhere = Dieses Google-Konto ist schon mit einem anderen Konto verbunden.
problem-google-already-linked = Ihr Konto ist schon mit einem Google-Konto verbunden. Trennen Sie es zuerst.
problem-google-no-email = Google hat keine E-Mail-Adresse geteilt, die ein Konto aber braucht.
problem-token-missing = Senden Sie ein Access-Token im Authorization-Header: `Bearer <token>`.
problem-token-invalid = Das Token ist ungültig oder wurde widerrufen. Melden Sie sich erneut an.
problem-token-expired = Das Token ist abgelaufen. Erneuern Sie es oder melden Sie sich erneut an.
problem-token-reused = Dieses Refresh-Token wurde schon benutzt, deshalb wurden alle Tokens dieser Anmeldung widerrufen. Melden Sie sich erneut an.
problem-no-such-sign-in = Sie haben keine aktive Anmeldung mit dieser ID.
problem-email-missing = Geben Sie Ihre E-Mail-Adresse ein.
problem-email-invalid = Geben Sie eine gültige E-Mail-Adresse ein, etwa name@example.com.
problem-first-name-missing = Geben Sie Ihren Vornamen ein.
problem-last-name-missing = Geben Sie Ihren Nachnamen ein.
problem-first-name-long = Ihr Vorname darf höchstens { $count } Zeichen haben.
problem-last-name-long = Ihr Nachname darf höchstens { $count } Zeichen haben.
problem-first-name-hidden = Ihr Vorname enthält Zeichen, die nicht erlaubt sind (unsichtbare oder die Schreibrichtung ändernde Zeichen).
problem-last-name-hidden = Ihr Nachname enthält Zeichen, die nicht erlaubt sind (unsichtbare oder die Schreibrichtung ändernde Zeichen).
problem-too-many-passkeys = Ein Konto kann { $count } Passkeys haben. Entfernen Sie zuerst einen.
problem-passkey-name-long = Verwenden Sie höchstens { $count } Zeichen.
problem-no-passkey-second-step = Dieses Konto hat keinen Passkey: Schließen Sie die Anmeldung auf andere Weise ab.
problem-no-passkey-confirm = Dieses Konto hat keinen Passkey: Bestätigen Sie mit Ihrem Passwort oder einem Code.
problem-type-your-email = Geben Sie zur Bestätigung Ihre E-Mail-Adresse ({ $email }) ein.
api-signed-in = Angemeldet.
api-signed-in-with-google = Mit Google angemeldet.
api-verification-sent = Eine neue Bestätigungsnachricht ist unterwegs.
api-already-verified = Ihre E-Mail-Adresse ist schon bestätigt.

## Aktivität und Geräte des Kontos, wie man sie liest

event-signed-in-with-a-password = Mit einem Passwort angemeldet
event-signed-in-with-an-email-code = Mit einem Code per E-Mail angemeldet
event-signed-in-with-a-passkey = Mit einem Passkey angemeldet
event-signed-in-with-google = Mit Google angemeldet
event-signed-in = Angemeldet
event-sign-in-refused-too-many-failed-attempts = Anmeldung abgelehnt: zu viele Fehlversuche
event-sign-in-refused-the-account-is-deactivated = Anmeldung abgelehnt: Das Konto ist deaktiviert
event-sign-in-to-the-deleted-account = Anmeldung beim gelöschten Konto
event-failed-sign-in = Fehlgeschlagene Anmeldung
event-sign-in-locked-after-too-many-failed = Anmeldung nach zu vielen Fehlversuchen gesperrt
event-signed-out = Abgemeldet
event-signed-out-everywhere = Überall abgemeldet
event-signed-out-of-every-other-device = Von allen anderen Geräten abgemeldet
event-signed-a-device-out = Ein Gerät abgemeldet
event-created-the-account = Konto erstellt
event-app-session-renewed = App-Sitzung erneuert
event-an-apps-old-token-was-used-again = Das alte Token einer App wurde erneut benutzt: Diese Anmeldung wurde beendet
event-changed-name = Profil geändert
event-changed-password = Passwort geändert
event-failed-to-change-password = Passwortänderung fehlgeschlagen
event-set-a-password = Passwort festgelegt
event-asked-for-a-password-reset = Passwort-Zurücksetzung angefordert
event-reset-password = Passwort zurückgesetzt
event-verified-email-address = E-Mail-Adresse bestätigt
event-failed-to-verify-email-address = Bestätigung der E-Mail-Adresse fehlgeschlagen
event-asked-for-a-new-verification-email = Neue Bestätigungs-E-Mail angefordert
event-asked-to-change-email-address = Änderung der E-Mail-Adresse angefordert
event-failed-to-start-an-email-change = Start einer E-Mail-Änderung fehlgeschlagen
event-changed-email-address = E-Mail-Adresse geändert
event-failed-to-confirm-an-email-change = Bestätigung einer E-Mail-Änderung fehlgeschlagen
event-asked-for-a-sign-in-code = Anmeldecode angefordert
event-asked-for-a-confirmation-code = Bestätigungscode angefordert
event-confirmed-identity-with-a-passkey = Identität mit einem Passkey bestätigt
event-confirmed-identity = Identität bestätigt
event-failed-to-confirm-identity = Bestätigung der Identität fehlgeschlagen
event-connected-google = Google verbunden
event-disconnected-google = Google getrennt
event-google-sign-in-refused = Anmeldung mit Google abgelehnt
event-deleted-the-account = Konto gelöscht
event-failed-to-delete-the-account = Löschen des Kontos fehlgeschlagen
event-restored-the-account = Konto wiederhergestellt
event-downloaded-a-copy-of-the-data = Kopie der Daten heruntergeladen
event-signed-in-the-second-step-was-asked = Angemeldet: Der zweite Schritt wurde verlangt
event-finished-signing-in-with-the-authenticator-app = Anmeldung mit der Authenticator-App abgeschlossen
event-finished-signing-in-with-an-emailed-code = Anmeldung mit einem Code per E-Mail abgeschlossen
event-finished-signing-in-with-a-recovery-code = Anmeldung mit einem Wiederherstellungscode abgeschlossen
event-finished-signing-in-with-a-passkey = Anmeldung mit einem Passkey abgeschlossen
event-wrong-code-at-the-second-step-of = Falscher Code beim zweiten Schritt einer Anmeldung
event-passkey-sign-in-refused-too-many-failed = Anmeldung mit Passkey abgelehnt: zu viele Fehlversuche
event-a-passkey-did-not-verify = Ein Passkey wurde nicht bestätigt
event-added-a-passkey = Passkey hinzugefügt
event-renamed-a-passkey = Passkey umbenannt
event-removed-a-passkey = Passkey entfernt
event-an-admin-removed-a-passkey = Ein Admin hat einen Passkey entfernt
event-asked-for-a-second-step-code = Code für den zweiten Schritt angefordert
event-set-up-an-authenticator-app = Authenticator-App eingerichtet
event-turned-on-emailed-second-step-codes = Codes per E-Mail für den zweiten Schritt eingeschaltet
event-removed-the-authenticator-app = Authenticator-App entfernt
event-turned-off-emailed-second-step-codes = Codes per E-Mail für den zweiten Schritt ausgeschaltet
event-made-new-recovery-codes = Neue Wiederherstellungscodes erstellt
event-used-a-recovery-code = Wiederherstellungscode benutzt
event-trusted-a-browser-for-30-days = Einem Browser für 30 Tage vertraut
event-stopped-trusting-a-browser = Einem Browser nicht mehr vertraut
event-an-admin-turned-off-two-step-sign = Ein Admin hat die Anmeldung in zwei Schritten ausgeschaltet
event-email-sent = E-Mail gesendet
event-email-delivery-failed = E-Mail-Zustellung fehlgeschlagen
event-failed = { $action } (fehlgeschlagen)
device-unknown = Unbekanntes Gerät
device-browser-on-system = { $browser } unter { $system }
problem-restore-sign-in-again = Melden Sie sich erneut an, um Ihr Konto wiederherzustellen.
problem-confirm-first = Bestätigen Sie diese Aktion zuerst: Es wurde nichts geändert.
problem-code-from-message = Geben Sie den Code aus der Nachricht ein.
problem-code-missing = Geben Sie den Code ein.
problem-choose-app-or-email = Wählen Sie `app` oder `email`.
