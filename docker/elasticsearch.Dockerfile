# Production search node: Elastic's image with the official analysis-nori plugin. The index settings are
# the same as in tests, where search/es-plugin provides these names on the integration-test distribution.
ARG ES_VERSION=9.5.0
FROM docker.elastic.co/elasticsearch/elasticsearch:${ES_VERSION}
RUN bin/elasticsearch-plugin install --batch analysis-nori
