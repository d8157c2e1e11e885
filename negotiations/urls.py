from django.urls import path

app_name = "negotiations"
urlpatterns = []
