// Talent (support, admin, moderators): the testimonial verification queue (#/talent, the work) and the expert
// profiles (#/talent/experts). An expert's row opens their testimonials in the queue.
import { routeHref, useRoute } from '../../app/route';
import { ExpertsView } from './ExpertsView';
import { TestimonialQueue } from './TestimonialQueue';
import './talent.css';

const VIEWS = [
  { id: 'testimonials', label: 'Testimonials' },
  { id: 'experts', label: 'Expert profiles' },
] as const;

export default function TalentScreen() {
  const route = useRoute();
  const view = route.rest[0] === 'experts' ? 'experts' : 'testimonials';
  return (
    <div className="page tal-page">
      <header className="page-header">
        <div>
          <h1>Talent</h1>
          <p className="subtitle">
            {view === 'experts' ? 'Expert profiles on the marketplace.' : 'Client testimonials waiting to be verified, and past decisions.'}
          </p>
        </div>
      </header>
      <nav className="tal-views" aria-label="Talent views">
        {VIEWS.map((item) => (
          <a key={item.id} href={routeHref('talent', item.id)} aria-current={item.id === view ? 'page' : undefined}>
            {item.label}
          </a>
        ))}
      </nav>
      {view === 'experts' ? <ExpertsView /> : <TestimonialQueue />}
    </div>
  );
}
