from django.shortcuts import render

from .models import SupportService


def get_help(request):
    return render(
        request, "home/get_help.html", {"services": SupportService.objects.all()}
    )
