// Map geometry for the choropleth, with no map library: lon/lat projected equirectangularly, the longitude scaled by
// cos(the map's middle latitude) so a city-sized map keeps its shape, fitted into a box; and the colour bins.

export type Position = readonly [number, number] | readonly number[];
export interface PolygonGeometry {
  type: "Polygon";
  coordinates: readonly (readonly Position[])[];
}
export interface MultiPolygonGeometry {
  type: "MultiPolygon";
  coordinates: readonly (readonly (readonly Position[])[])[];
}
export interface GeoFeature {
  properties: { code: string; name: string; name_en: string };
  geometry: PolygonGeometry | MultiPolygonGeometry;
}
export interface GeoCollection {
  features: readonly GeoFeature[];
}

export interface ProjectedArea {
  code: string;
  name: string;
  nameEn: string;
  /** The SVG path (absolute moves and lines, each ring closed). */
  d: string;
}

export interface Projection {
  width: number;
  height: number;
  areas: ProjectedArea[];
  /** lon/lat → x/y in the box (exported for tests). */
  project: (lon: number, lat: number) => [number, number];
}

function polygons(geometry: GeoFeature["geometry"]): readonly (readonly (readonly Position[])[])[] {
  return geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
}

/**
 * Projects every feature into a box `width` wide (its height follows the map's shape), with `padding` around.
 * North is up: y grows southwards.
 */
export function projectFeatures(collection: GeoCollection, width: number, padding = 4): Projection {
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const feature of collection.features) {
    for (const polygon of polygons(feature.geometry)) {
      for (const ring of polygon) {
        for (const [lon, lat] of ring as readonly (readonly number[])[]) {
          minLon = Math.min(minLon, lon!);
          maxLon = Math.max(maxLon, lon!);
          minLat = Math.min(minLat, lat!);
          maxLat = Math.max(maxLat, lat!);
        }
      }
    }
  }
  const cos = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * cos, 1e-9);
  const spanY = Math.max(maxLat - minLat, 1e-9);
  const scale = (width - 2 * padding) / spanX;
  const height = spanY * scale + 2 * padding;
  const round = (value: number) => Math.round(value * 10) / 10;
  const project = (lon: number, lat: number): [number, number] => [
    round(padding + (lon - minLon) * cos * scale),
    round(padding + (maxLat - lat) * scale),
  ];
  const areas = collection.features.map((feature) => ({
    code: feature.properties.code,
    name: feature.properties.name,
    nameEn: feature.properties.name_en,
    d: polygons(feature.geometry)
      .flatMap((polygon) =>
        polygon.map(
          (ring) =>
            (ring as readonly (readonly number[])[])
              .map(([lon, lat], index) => {
                const [x, y] = project(lon!, lat!);
                return `${index === 0 ? "M" : "L"}${x} ${y}`;
              })
              .join("") + "Z",
        ),
      )
      .join(""),
  }));
  return { width, height: Math.ceil(height), areas, project };
}

/** How many colour steps the map uses for values above zero (zero and "no figure" have their own). */
export const BIN_COUNT = 5;

/**
 * The upper bounds of BIN_COUNT equal steps from 0 to the largest value (the last bound is the largest value). A
 * map of nothing but zeros has no bounds.
 */
export function binBounds(values: readonly number[], count = BIN_COUNT): number[] {
  const max = Math.max(0, ...values);
  if (max <= 0) return [];
  return Array.from({ length: count }, (_, index) => (max * (index + 1)) / count);
}

/**
 * The colour step of a value: null for no figure, 0 for zero or less (nothing sold, or refunds beyond sales), else
 * 1..count — the first step whose upper bound holds it.
 */
export function binOf(value: number | null | undefined, bounds: readonly number[]): number | null {
  if (value == null || Number.isNaN(value)) return null;
  if (value <= 0 || bounds.length === 0) return 0;
  const index = bounds.findIndex((bound) => value <= bound);
  return (index === -1 ? bounds.length - 1 : index) + 1;
}
