import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { api, unwrap } from "../../../api/client";
import { ErrorState } from "../../../components/ErrorState";
import { Loading } from "../../../components/Loading";
import { formatNumber, formatWon } from "../../../lib/format";
import { PRODUCT_STATUSES, sellerKeys, useMyFirm, useMyProducts, type ProductStatus, type SellerProduct } from "../api";
import { listingProblem } from "../dashboard/attention";
import { problemText } from "../dashboard/problemText";
import { Pager, listParams, pageFrom, usePageTitle } from "../ui";

const PAGE_SIZE = 20;

export function ListingsPage() {
  const { t } = useTranslation("seller");
  usePageTitle(t("listings.title"));
  const [params, setParams] = useSearchParams();
  const status = PRODUCT_STATUSES.find((value) => value === params.get("status"));
  const page = pageFrom(params.get("page"));
  const products = useMyProducts({ page, status, pageSize: PAGE_SIZE });
  const firm = useMyFirm();
  const [announcement, setAnnouncement] = useState("");

  function update(next: { status?: ProductStatus | ""; page?: number }) {
    setParams(listParams(params, next));
  }

  return (
    <section className="page">
      <h1>{t("listings.title")}</h1>
      <p className="seller-actions">
        <Link className="button" to="/seller/listings/new">
          {t("listings.new")}
        </Link>
        <Link className="button button--secondary" to="/seller/listings/import">
          {t("listings.import")}
        </Link>
      </p>
      <div className="field seller-filter">
        <label htmlFor="listing-status">{t("listings.filter")}</label>
        <select
          id="listing-status"
          value={status ?? ""}
          onChange={(event) => update({ status: event.target.value as ProductStatus | "" })}
        >
          <option value="">{t("listings.all")}</option>
          {PRODUCT_STATUSES.map((value) => (
            <option key={value} value={value}>
              {t(`productStatus.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <p role="status" className="seller-status">
        {announcement}
      </p>
      {products.isPending && <Loading />}
      {products.isError && <ErrorState error={products.error} onRetry={() => void products.refetch()} />}
      {products.data &&
        (products.data.results.length === 0 ? (
          <div className="notice">
            <p>{status ? t("listings.noneWithStatus") : t("listings.none")}</p>
          </div>
        ) : (
          <>
            <div className="table-scroll">
              <table className="seller-table">
                <caption className="visually-hidden">
                  {t("listings.caption", { count: products.data.count })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t("listings.product")}</th>
                    <th scope="col">{t("listings.state")}</th>
                    <th scope="col" className="seller-num">
                      {t("listings.price")}
                    </th>
                    <th scope="col" className="seller-num">
                      {t("listings.stock")}
                    </th>
                    <th scope="col" className="seller-num">
                      {t("listings.minOrder")}
                    </th>
                    <th scope="col">{t("listings.actions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {products.data.results.map((product) => {
                    const problem = listingProblem(product, firm.data);
                    return (
                      <tr key={product.id}>
                        <th scope="row">
                          <Link to={`/seller/listings/${product.id}`}>{product.title}</Link>
                          {product.sku && <div className="seller-muted">{product.sku}</div>}
                        </th>
                        <td>
                          <span className={`badge ${problem ? "seller-badge--warn" : "seller-badge--ok"}`}>
                            {problem ? t(`productStatus.${product.status ?? "draft"}`) : t("listings.onSale")}
                          </span>
                          {problem && <div className="seller-muted">{problemText(t, problem)}</div>}
                        </td>
                        <td className="seller-num">{formatWon(product.price)}</td>
                        <td className="seller-num">
                          {formatNumber(product.stock ?? 0)}
                          {product.unit}
                        </td>
                        <td className="seller-num">
                          {formatNumber(product.min_order_quantity ?? 1)}
                          {product.unit}
                        </td>
                        <td>
                          <PublishToggle product={product} onDone={setAnnouncement} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            <Pager page={page} count={products.data.count} pageSize={PAGE_SIZE} onPage={(next) => update({ page: next })} />
          </>
        ))}
    </section>
  );
}

/** Publish a draft or hidden listing, or hide a published one. */
function PublishToggle({ product, onDone }: { product: SellerProduct; onDone: (message: string) => void }) {
  const { t } = useTranslation("seller");
  const queryClient = useQueryClient();
  const next: ProductStatus = product.status === "published" ? "hidden" : "published";
  const toggle = useMutation({
    mutationFn: () =>
      unwrap(api.PATCH("/api/v1/seller/products/{id}/", { params: { path: { id: String(product.id) } }, body: { status: next } })),
    onSuccess: (updated) => {
      queryClient.setQueryData(sellerKeys.product(updated.id), updated);
      void queryClient.invalidateQueries({ queryKey: sellerKeys.products });
      onDone(t(next === "published" ? "listings.published" : "listings.hidden", { title: product.title }));
    },
    onError: (error) => onDone(error instanceof Error ? error.message : t("error")),
  });
  const label = next === "published" ? t("listings.publish") : t("listings.hide");
  return (
    <button
      type="button"
      className="button button--secondary"
      disabled={toggle.isPending}
      aria-label={t("listings.toggleLabel", { action: label, title: product.title })}
      onClick={() => toggle.mutate()}
    >
      {label}
    </button>
  );
}
