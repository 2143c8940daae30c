import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { api, unwrap } from "../../../api/client";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { sellerKeys, useMyFirm, useMyProduct, type SellerProduct } from "../api";
import { listingProblem } from "../dashboard/attention";
import { problemText } from "../dashboard/problemText";
import { ImageManager } from "../images/ImageManager";
import { usePageTitle } from "../ui";
import { ProductForm } from "./ProductForm";
import { StockForm } from "./StockForm";

export function ListingNewPage() {
  const { t } = useTranslation("seller");
  usePageTitle(t("product.newTitle"));
  const navigate = useNavigate();
  return (
    <section className="page">
      <p>
        <Link to="/seller/listings">{t("product.back")}</Link>
      </p>
      <h1>{t("product.newTitle")}</h1>
      <p className="field__hint">{t("product.newHint")}</p>
      <ProductForm
        onSaved={(product) => navigate(`/seller/listings/${product.id}`, { state: { created: true } })}
      />
    </section>
  );
}

export function ListingEditPage() {
  const { t } = useTranslation("seller");
  const { id } = useParams();
  const productId = Number(id);
  const product = useMyProduct(productId, { pollWhilePending: true });
  const firm = useMyFirm();
  const location = useLocation();
  const created = (location.state as { created?: boolean } | null)?.created === true;
  const [saved, setSaved] = useState(false);
  usePageTitle(product.data?.title ?? t("product.editTitle"));

  if (!Number.isInteger(productId) || productId <= 0) {
    return <ErrorState error={null} />;
  }
  return (
    <section className="page">
      <p>
        <Link to="/seller/listings">{t("product.back")}</Link>
      </p>
      {product.isPending && (
        <>
          <h1>{t("product.editTitle")}</h1>
          <Loading />
        </>
      )}
      {product.isError && (
        <>
          <h1>{t("product.editTitle")}</h1>
          <ErrorState error={product.error} onRetry={() => void product.refetch()} />
        </>
      )}
      {product.data && (
        <>
          <h1>{product.data.title}</h1>
          <p role="status" className="seller-status">
            {created ? t("product.created") : saved ? t("product.saved") : ""}
          </p>
          <Visibility problem={listingProblem(product.data, firm.data)} />
          <div className="seller-edit">
            <div className="seller-edit__main">
              <ProductForm key={product.data.id} product={product.data} onSaved={() => setSaved(true)} />
            </div>
            <div className="seller-edit__side">
              <ImageManager product={product.data} />
              <StockForm product={product.data} />
              <DeleteProduct product={product.data} />
            </div>
          </div>
        </>
      )}
    </section>
  );
}

function Visibility({ problem }: { problem: ReturnType<typeof listingProblem> }) {
  const { t } = useTranslation("seller");
  if (!problem) return <p className="notice notice--success">{t("product.public")}</p>;
  return (
    <div className="notice notice--warning">
      <p className="notice__title">{problem.code === "out_of_stock" ? t("product.notBuyable") : t("product.notPublic")}</p>
      <p>{problemText(t, problem)}</p>
    </div>
  );
}

function DeleteProduct({ product }: { product: SellerProduct }) {
  const { t } = useTranslation("seller");
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [asking, setAsking] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const askButton = useRef<HTMLButtonElement>(null);
  const first = useRef(true);
  // Focus follows the question: onto "delete" when asked, back to the first button when called off.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    (asking ? confirmButton : askButton).current?.focus();
  }, [asking]);
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/seller/products/{id}/", { params: { path: { id: String(product.id) } } })),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: sellerKeys.product(product.id) });
      void queryClient.invalidateQueries({ queryKey: sellerKeys.products });
      navigate("/seller/listings");
    },
  });
  return (
    <section aria-labelledby="delete-title" className="seller-panel">
      <h2 id="delete-title">{t("product.deleteTitle")}</h2>
      <p className="field__hint">{t("product.deleteHint")}</p>
      {asking ? (
        <div role="group" aria-label={t("product.deleteConfirm", { title: product.title })}>
          <p>{t("product.deleteConfirm", { title: product.title })}</p>
          <div className="seller-actions">
            <button
              type="button"
              ref={confirmButton}
              className="button button--danger"
              onClick={() => remove.mutate()}
              disabled={remove.isPending}
            >
              {t("product.deleteYes")}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setAsking(false)}>
              {t("cancel")}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" ref={askButton} className="button button--danger" onClick={() => setAsking(true)}>
          {t("product.delete")}
        </button>
      )}
      {remove.isError && (
        <p className="notice notice--error" role="alert">
          {remove.error.message}
        </p>
      )}
    </section>
  );
}
