import { useEffect, useRef } from 'react';
import type { ComposeOption, EChartsType } from 'echarts/core';
import type { BarSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { usePreferences } from '../preferences.tsx';

export type ChartOption = ComposeOption<BarSeriesOption | PieSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption>;

let loading: Promise<typeof import('echarts/core')> | undefined;

/** ECharts is large: it is fetched the first time a chart appears, with only the pieces the app draws. */
function loadEcharts() {
  loading ??= Promise.all([import('echarts/core'), import('echarts/charts'), import('echarts/components'), import('echarts/renderers')]).then(([core, charts, components, renderers]) => {
    core.use([charts.BarChart, charts.PieChart, components.GridComponent, components.TooltipComponent, components.LegendComponent, components.AriaComponent, renderers.CanvasRenderer]);
    return core;
  });
  return loading;
}

/** A chart with an accessible description (ECharts' aria) that follows the theme and its container's size. */
export function EChart({ option, height = 240, label }: { option: ChartOption; height?: number; label: string }) {
  const { theme } = usePreferences();
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | undefined>(undefined);
  const latest = useRef(option);
  latest.current = option;

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void loadEcharts().then((echarts) => {
      if (disposed || !container.current) return;
      chart.current = echarts.init(container.current, theme === 'dark' ? 'dark' : undefined);
      chart.current.setOption({ backgroundColor: 'transparent', aria: { enabled: true }, ...latest.current });
      observer = new ResizeObserver(() => chart.current?.resize());
      observer.observe(container.current);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = undefined;
    };
  }, [theme]);

  useEffect(() => {
    chart.current?.setOption({ backgroundColor: 'transparent', aria: { enabled: true }, ...option }, true);
  }, [option]);

  return <div ref={container} role="img" aria-label={label} data-testid="echart" style={{ width: '100%', height }} />;
}
