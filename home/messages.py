"""Django's message storage, with the cookie named in settings (in production a
`__Host-` name, which browsers only accept from this host, over https, for the whole
site)."""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.messages.storage.session import SessionStorage


class NamedCookieStorage(CookieStorage):
    @property
    def cookie_name(self):
        return settings.MESSAGES_COOKIE_NAME


class MessageStorage(FallbackStorage):
    storage_classes = (NamedCookieStorage, SessionStorage)
