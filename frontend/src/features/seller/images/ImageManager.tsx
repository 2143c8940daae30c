import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type DragEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, unwrap } from "../../../api/client";
import { sellerKeys, type SellerProduct } from "../api";
import { moveItem } from "./reorder";
import { uploadProductImage, type ProductImage } from "./upload";

interface QueuedFile {
  key: number;
  name: string;
  state: "waiting" | "uploading" | "done" | "failed";
  progress: number;
  error?: string;
}

const ACCEPT = "image/jpeg,image/png,image/webp";

/** A listing's images: upload (drop or pick), progress, processing status, order, and deletion. */
export function ImageManager({ product }: { product: SellerProduct }) {
  const { t } = useTranslation("seller");
  const queryClient = useQueryClient();
  const [queue, setQueue] = useState<QueuedFile[]>([]);
  const [altText, setAltText] = useState("");
  const [dragging, setDragging] = useState(false);
  const [announcement, setAnnouncement] = useState("");
  const chain = useRef<Promise<void>>(Promise.resolve());
  const nextKey = useRef(1);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const heading = useRef<HTMLHeadingElement>(null);
  const focusAfterMove = useRef<string | null>(null);
  const images = product.images;
  const productKey = sellerKeys.product(product.id);

  const patch = (key: number, change: Partial<QueuedFile>) =>
    setQueue((current) => current.map((item) => (item.key === key ? { ...item, ...change } : item)));

  function addFiles(files: FileList | File[]) {
    const list = Array.from(files);
    if (!list.length) return;
    const entries = list.map((file) => ({ file, item: { key: nextKey.current++, name: file.name, state: "waiting" as const, progress: 0 } }));
    setQueue((current) => [...current.filter((item) => item.state !== "done"), ...entries.map(({ item }) => item)]);
    const alt = altText.trim() || product.title;
    // One at a time, in the order given: the images keep that order, and the per-product limit is met in order.
    for (const { file, item } of entries) {
      chain.current = chain.current.then(async () => {
        patch(item.key, { state: "uploading" });
        try {
          await uploadProductImage(product.id, file, {
            altText: alt,
            onProgress: (fraction) => patch(item.key, { progress: fraction }),
          });
          patch(item.key, { state: "done", progress: 1 });
          setAnnouncement(t("images.uploaded", { name: file.name }));
          await queryClient.invalidateQueries({ queryKey: productKey });
        } catch (error) {
          const message = error instanceof ApiError ? error.message : t("images.failed");
          patch(item.key, { state: "failed", error: message });
          setAnnouncement(t("images.uploadFailed", { name: file.name, message }));
        }
      });
    }
  }

  function onDrop(event: DragEvent<HTMLElement>) {
    event.preventDefault();
    setDragging(false);
    addFiles(event.dataTransfer.files);
  }

  const reorder = useMutation({
    // Moves made quickly one after another reach the server in the order they were made.
    scope: { id: `product-images-${product.id}` },
    mutationFn: (ids: number[]) =>
      unwrap(
        api.POST("/api/v1/seller/products/{id}/images/reorder/", {
          params: { path: { id: String(product.id) } },
          body: { image_ids: ids },
        }),
      ),
    onMutate: (ids) => {
      const previous = queryClient.getQueryData<SellerProduct>(productKey);
      if (previous) {
        const byId = new Map(previous.images.map((image) => [image.id, image]));
        const ordered = ids.map((id, position) => ({ ...(byId.get(id) as ProductImage), position }));
        queryClient.setQueryData(productKey, { ...previous, images: ordered });
      }
      return { previous };
    },
    onError: (error, _ids, context) => {
      if (context?.previous) queryClient.setQueryData(productKey, context.previous);
      setAnnouncement(error instanceof Error ? error.message : t("images.failed"));
    },
    onSuccess: (ordered) => {
      const current = queryClient.getQueryData<SellerProduct>(productKey);
      if (current) queryClient.setQueryData(productKey, { ...current, images: ordered });
    },
  });

  function move(index: number, step: -1 | 1) {
    const moved = moveItem(images, index, step);
    if (moved.index === index) return;
    const image = images[index] as ProductImage;
    reorder.mutate(moved.items.map((item) => item.id));
    setAnnouncement(t("images.moved", { from: index + 1, to: moved.index + 1 }));
    // Keep focus on the image that moved: the same button, or the other one when it reached an end (once the
    // new order is drawn: the effect below).
    const atEnd = step === -1 ? moved.index === 0 : moved.index === images.length - 1;
    const direction = atEnd ? (step === -1 ? "back" : "forward") : step === -1 ? "forward" : "back";
    focusAfterMove.current = `${image.id}-${direction}`;
  }

  useEffect(() => {
    const key = focusAfterMove.current;
    const button = key ? buttons.current.get(key) : undefined;
    if (button && !button.disabled) {
      focusAfterMove.current = null;
      button.focus();
    }
  }, [images]);

  const remove = useMutation({
    mutationFn: (imageId: number) =>
      unwrap(
        api.DELETE("/api/v1/seller/products/{id}/images/{image_id}/", {
          params: { path: { id: String(product.id), image_id: String(imageId) } },
        }),
      ),
    onSuccess: (_data, imageId) => {
      const index = images.findIndex((image) => image.id === imageId);
      setAnnouncement(t("images.deleted", { position: index + 1 }));
      heading.current?.focus();
      void queryClient.invalidateQueries({ queryKey: productKey });
    },
    onError: (error) => setAnnouncement(error instanceof Error ? error.message : t("images.failed")),
  });

  const setButton = (key: string) => (element: HTMLButtonElement | null) => {
    if (element) buttons.current.set(key, element);
    else buttons.current.delete(key);
  };

  return (
    <section aria-labelledby="images-title" className="seller-panel">
      <h2 id="images-title" ref={heading} tabIndex={-1}>
        {t("images.title")}
      </h2>
      <p className="field__hint">{t("images.hint")}</p>

      <div
        data-testid="image-drop"
        className={`seller-drop${dragging ? " seller-drop--active" : ""}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p aria-hidden="true">{t("images.drop")}</p>
        <div className="field">
          <label htmlFor="image-alt">{t("images.alt")}</label>
          <p className="field__hint" id="image-alt-hint">
            {t("images.altHint")}
          </p>
          <input id="image-alt" aria-describedby="image-alt-hint" value={altText} onChange={(e) => setAltText(e.target.value)} maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor="image-files">{t("images.choose")}</label>
          <input
            id="image-files"
            type="file"
            accept={ACCEPT}
            multiple
            onChange={(event) => {
              addFiles(event.target.files ?? []);
              event.target.value = ""; // choosing the same file again is a new upload
            }}
          />
        </div>
      </div>

      {queue.length > 0 && (
        <ul className="seller-uploads" aria-label={t("images.queue")}>
          {queue.map((item) => (
            <li key={item.key} className={`seller-upload seller-upload--${item.state}`}>
              <span className="seller-upload__name">{item.name}</span>
              {item.state === "failed" ? (
                <span className="field__error">{item.error}</span>
              ) : (
                <>
                  <progress
                    max={100}
                    value={Math.round(item.progress * 100)}
                    aria-label={t("images.progress", { name: item.name })}
                  />
                  <span>{t(`images.state.${item.state}`, { percent: Math.round(item.progress * 100) })}</span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}

      <p role="status" className="seller-status">
        {announcement}
      </p>

      {images.length === 0 ? (
        <p className="notice">{t("images.none")}</p>
      ) : (
        <ol className="seller-images">
          {images.map((image, index) => {
            const src = image.renditions.thumbnail ?? image.url;
            return (
              <li key={image.id} className="seller-image">
                <div className="seller-image__preview">
                  {src ? (
                    <img src={src} alt={image.alt_text ?? ""} width={120} height={120} />
                  ) : (
                    <span className="seller-muted">{t("images.noPreview")}</span>
                  )}
                </div>
                <p className="seller-image__label">
                  {t("images.position", { position: index + 1 })}{" "}
                  <span
                    className={`badge ${image.renditions_status === "ready" ? "seller-badge--ok" : image.renditions_status === "failed" ? "seller-badge--bad" : "seller-badge--warn"}`}
                  >
                    {t(`images.status.${image.renditions_status}`)}
                  </span>
                </p>
                {image.renditions_status === "failed" && <p className="field__error">{t("images.failedHint")}</p>}
                <div className="seller-image__actions">
                  <button
                    type="button"
                    ref={setButton(`${image.id}-forward`)}
                    className="button button--secondary"
                    aria-label={t("images.forwardLabel", { position: index + 1 })}
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                  >
                    {t("images.forward")}
                  </button>
                  <button
                    type="button"
                    ref={setButton(`${image.id}-back`)}
                    className="button button--secondary"
                    aria-label={t("images.backLabel", { position: index + 1 })}
                    disabled={index === images.length - 1}
                    onClick={() => move(index, 1)}
                  >
                    {t("images.back")}
                  </button>
                  <button
                    type="button"
                    className="button button--danger"
                    aria-label={t("images.deleteLabel", { position: index + 1 })}
                    disabled={remove.isPending}
                    onClick={() => remove.mutate(image.id)}
                  >
                    {t("images.delete")}
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
