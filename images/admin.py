from django.contrib import admin
from django.template.loader import render_to_string

from .models import Image
from .services import image_save


class HasCaptionFilter(admin.SimpleListFilter):
    title = "caption or credit"
    parameter_name = "described"

    def lookups(self, request, model_admin):
        return [
            ("no_credit", "Missing credit"),
            ("no_caption", "Missing caption"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "no_credit":
            return queryset.filter(credit="")
        if self.value() == "no_caption":
            return queryset.filter(caption="")
        return queryset


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "alt_text", "credit", "size", "uploaded_by"]
    list_display_links = ["thumbnail", "alt_text"]
    list_filter = [HasCaptionFilter, "created_at", "uploaded_by"]
    search_fields = ["alt_text", "caption", "credit"]
    date_hierarchy = "created_at"
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["file", "preview", "alt_text", "caption", "credit"]}),
        (
            "Focal point",
            {
                "fields": [("focal_point_x", "focal_point_y")],
                "description": "Where the subject is, so crops keep it in view.",
                "classes": ["collapse"],
            },
        ),
        ("Details", {"fields": ["size", "uploaded_by", "created_at", "updated_at"]}),
    ]
    readonly_fields = ["preview", "size", "uploaded_by", "created_at", "updated_at"]

    class Media:
        css = {"all": ["images/admin.css"]}

    def get_fieldsets(self, request, obj=None):
        if obj is None:  # nothing to preview or report before the first save
            return [(None, {"fields": ["file", "alt_text", "caption", "credit"]})] + [
                self.fieldsets[1]
            ]
        return self.fieldsets

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("uploaded_by")
            .with_renditions()
        )

    @admin.display(description="Picture")
    def thumbnail(self, obj: Image) -> str:
        return render_to_string(
            "images/admin_picture.html",
            {"image": obj, "sizes": "120px", "class": "image-admin-thumb"},
        )

    @admin.display(description="Preview")
    def preview(self, obj: Image) -> str:
        return render_to_string(
            "images/admin_picture.html",
            {"image": obj, "sizes": "480px", "class": "image-admin-preview"},
        )

    @admin.display(description="Size")
    def size(self, obj: Image) -> str:
        return f"{obj.width} × {obj.height}" if obj.width else "—"

    def save_model(self, request, obj, form, change):
        image_save(image=obj, by=request.user)
