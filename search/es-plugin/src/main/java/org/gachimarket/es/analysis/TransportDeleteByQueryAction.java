package org.gachimarket.es.analysis;

import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.DocWriteResponse;
import org.elasticsearch.action.admin.indices.refresh.RefreshRequest;
import org.elasticsearch.action.bulk.BulkItemResponse;
import org.elasticsearch.action.bulk.BulkRequest;
import org.elasticsearch.action.bulk.BulkResponse;
import org.elasticsearch.action.delete.DeleteRequest;
import org.elasticsearch.action.search.ClearScrollRequest;
import org.elasticsearch.action.search.SearchRequest;
import org.elasticsearch.action.search.SearchResponse;
import org.elasticsearch.action.search.SearchScrollRequest;
import org.elasticsearch.action.search.ShardSearchFailure;
import org.elasticsearch.action.support.ActionFilters;
import org.elasticsearch.action.support.ContextPreservingActionListener;
import org.elasticsearch.action.support.HandledTransportAction;
import org.elasticsearch.client.internal.Client;
import org.elasticsearch.common.document.DocumentField;
import org.elasticsearch.common.util.concurrent.EsExecutors;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.index.reindex.AbstractBulkByPaginatedSearchRequest;
import org.elasticsearch.index.reindex.BulkByPaginatedSearchResponse;
import org.elasticsearch.index.reindex.BulkByPaginatedSearchTask;
import org.elasticsearch.index.reindex.DeleteByQueryAction;
import org.elasticsearch.index.reindex.DeleteByQueryRequest;
import org.elasticsearch.index.reindex.PaginatedSearchFailure;
import org.elasticsearch.injection.guice.Inject;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.search.builder.SearchSourceBuilder;
import org.elasticsearch.tasks.CancellableTask;
import org.elasticsearch.tasks.Task;
import org.elasticsearch.threadpool.ThreadPool;
import org.elasticsearch.transport.TransportService;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain, sequential stand-in for the reindex module's delete-by-query transport action
 * ({@code indices:data/write/delete/byquery}), which the integration-test distribution lacks.
 *
 * <p>The server's synonyms API needs it: {@code PUT _synonyms/<set>} and {@code DELETE _synonyms/<set>} first
 * delete the set's rules from the {@code .synonyms} system index by query. Without this action they fail with
 * "failed to find action [indices:data/write/delete/byquery]". No REST endpoint ({@code _delete_by_query}) is
 * added; only the internal action, for callers inside the node.
 *
 * <p>It scrolls over the matching documents (batch size, scroll keep-alive and {@code max_docs} from the
 * request), deletes each page with one bulk request guarded by the hits' sequence numbers, counts version
 * conflicts (and stops at the first page that has some unless {@code conflicts: proceed}), clears the scroll,
 * and refreshes the indices when asked. No slicing, throttling or retries: fine for a test node.
 */
public class TransportDeleteByQueryAction extends HandledTransportAction<DeleteByQueryRequest, BulkByPaginatedSearchResponse> {
    private final Client client;
    private final ThreadPool threadPool;

    @Inject
    public TransportDeleteByQueryAction(TransportService transportService, ActionFilters actionFilters, Client client, ThreadPool threadPool) {
        super(DeleteByQueryAction.NAME, transportService, actionFilters, DeleteByQueryRequest::new, EsExecutors.DIRECT_EXECUTOR_SERVICE);
        this.client = client;
        this.threadPool = threadPool;
    }

    @Override
    protected void doExecute(Task task, DeleteByQueryRequest request, ActionListener<BulkByPaginatedSearchResponse> listener) {
        new Run(task, request, ContextPreservingActionListener.wrapPreservingContext(listener, threadPool.getThreadContext())).start();
    }

    /** One delete-by-query: its counters and the scroll it walks. */
    private final class Run {
        private final Task task;
        private final DeleteByQueryRequest request;
        private final ActionListener<BulkByPaginatedSearchResponse> listener;
        private final long startNanos = System.nanoTime();
        private final TimeValue keepAlive;
        private final int maxDocs;
        private final List<BulkItemResponse.Failure> bulkFailures = new ArrayList<>();
        private final List<PaginatedSearchFailure> searchFailures = new ArrayList<>();
        private long total;
        private long seen;
        private long deleted;
        private long versionConflicts;
        private long noops;
        private int batches;
        private boolean timedOut;
        private String scrollId;

        Run(Task task, DeleteByQueryRequest request, ActionListener<BulkByPaginatedSearchResponse> listener) {
            this.task = task;
            this.request = request;
            this.listener = listener;
            TimeValue scroll = request.getScrollTime();
            this.keepAlive = scroll != null ? scroll : AbstractBulkByPaginatedSearchRequest.DEFAULT_SCROLL_TIMEOUT;
            this.maxDocs = request.getMaxDocs();
        }

        void start() {
            SearchRequest search = request.getSearchRequest();
            SearchSourceBuilder source = search.source() != null ? search.source() : new SearchSourceBuilder();
            int batchSize = source.size() > 0 ? source.size() : AbstractBulkByPaginatedSearchRequest.DEFAULT_SCROLL_SIZE;
            if (maxDocs > 0) {
                batchSize = Math.min(batchSize, maxDocs);
            }
            source.size(batchSize).fetchSource(false).seqNoAndPrimaryTerm(true).trackTotalHits(true);
            if (source.sorts() == null || source.sorts().isEmpty()) {
                source.sort("_doc");
            }
            search.source(source);
            search.scroll(keepAlive);
            client.search(search, ActionListener.wrap(this::onPage, this::finishWithException));
        }

        private void onPage(SearchResponse response) {
            scrollId = response.getScrollId();
            if (response.getHits().getTotalHits() != null && batches == 0) {
                total = response.getHits().getTotalHits().value();
            }
            if (response.isTimedOut()) {
                timedOut = true;
            }
            for (ShardSearchFailure failure : response.getShardFailures()) {
                searchFailures.add(new PaginatedSearchFailure(failure.getCause(), failure.index(), failure.shardId(),
                    failure.shard() == null ? null : failure.shard().getNodeId(), failure.status()));
            }
            if (searchFailures.isEmpty() == false || timedOut) {
                finish();
                return;
            }
            BulkRequest bulk = new BulkRequest();
            for (SearchHit hit : response.getHits().getHits()) {
                if (maxDocs > 0 && seen >= maxDocs) {
                    break;
                }
                seen++;
                DeleteRequest delete = new DeleteRequest(hit.getIndex(), hit.getId());
                if (hit.getSeqNo() >= 0 && hit.getPrimaryTerm() > 0) {
                    delete.setIfSeqNo(hit.getSeqNo());
                    delete.setIfPrimaryTerm(hit.getPrimaryTerm());
                }
                DocumentField routing = hit.field("_routing");
                if (routing != null && routing.getValue() != null) {
                    delete.routing(routing.getValue().toString());
                }
                bulk.add(delete);
            }
            if (bulk.numberOfActions() == 0) {
                finish();
                return;
            }
            if (request.getTimeout() != null) {
                bulk.timeout(request.getTimeout());
            }
            bulk.waitForActiveShards(request.getWaitForActiveShards());
            batches++;
            client.bulk(bulk, ActionListener.wrap(this::onBulk, this::finishWithException));
        }

        private void onBulk(BulkResponse response) {
            boolean stop = false;
            for (BulkItemResponse item : response.getItems()) {
                if (item.isFailed()) {
                    BulkItemResponse.Failure failure = item.getFailure();
                    if (failure.getStatus() == RestStatus.CONFLICT) {
                        versionConflicts++;
                        if (request.isAbortOnVersionConflict() == false) {
                            continue;
                        }
                    }
                    bulkFailures.add(failure);
                    stop = true;
                } else {
                    DocWriteResponse written = item.getResponse();
                    if (written.getResult() == DocWriteResponse.Result.DELETED) {
                        deleted++;
                    } else {
                        noops++;
                    }
                }
            }
            boolean cancelled = task instanceof CancellableTask cancellable && cancellable.isCancelled();
            if (stop || cancelled || (maxDocs > 0 && seen >= maxDocs) || scrollId == null) {
                finish();
                return;
            }
            client.searchScroll(new SearchScrollRequest(scrollId).scroll(keepAlive), ActionListener.wrap(this::onPage, this::finishWithException));
        }

        private void finishWithException(Exception e) {
            clearScroll(() -> listener.onFailure(e));
        }

        private void finish() {
            clearScroll(() -> {
                if (request.isRefresh() && deleted > 0) {
                    client.admin().indices().refresh(
                        new RefreshRequest(request.indices()).indicesOptions(request.indicesOptions()),
                        ActionListener.wrap(r -> respond(), listener::onFailure)
                    );
                } else {
                    respond();
                }
            });
        }

        private void clearScroll(Runnable then) {
            if (scrollId == null) {
                then.run();
                return;
            }
            ClearScrollRequest clear = new ClearScrollRequest();
            clear.addScrollId(scrollId);
            scrollId = null;
            // The scroll expires by itself anyway: go on whatever the outcome.
            client.clearScroll(clear, ActionListener.running(then));
        }

        private void respond() {
            String reasonCancelled = task instanceof CancellableTask cancellable && cancellable.isCancelled()
                ? cancellable.getReasonCancelled()
                : null;
            BulkByPaginatedSearchTask.Status status = new BulkByPaginatedSearchTask.Status(
                null, total, 0L, 0L, deleted, batches, versionConflicts, noops, 0L, 0L,
                TimeValue.ZERO, Float.POSITIVE_INFINITY, reasonCancelled, TimeValue.ZERO
            );
            TimeValue took = TimeValue.timeValueNanos(System.nanoTime() - startNanos);
            listener.onResponse(new BulkByPaginatedSearchResponse(took, status, bulkFailures, searchFailures, timedOut));
        }
    }
}
