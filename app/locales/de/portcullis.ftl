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
