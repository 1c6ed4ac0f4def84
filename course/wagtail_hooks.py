from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import embed_codes


@hooks.register("register_admin_urls")
def register_embed_code_url():
    return [path("embed-code/", embed_codes, name="embed_codes")]


@hooks.register("register_admin_menu_item")
def register_embed_code_menu_item():
    return MenuItem("Embed code", reverse("embed_codes"), icon_name="code", order=270)
