"""E-mail alerts: follow a qualification, an institution or a search (double opt-in, one-click
unsubscribe, a digest sent by ``manage.py send_alerts``). Depends on qualifications and institutions
only. What is kept: the e-mail address, what it follows, the language of the e-mails and the dates of
sign-up, confirmation and the last digest; nothing else, and all of it is deleted on unsubscribe."""
