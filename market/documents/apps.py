from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "market.documents"
    label = "documents"
    verbose_name = "문서 (documents and verification codes)"
