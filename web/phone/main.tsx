import { render } from 'preact';
import '../shared/base.css';
import './phone.css';
import { Phone } from './Phone';

render(<Phone />, document.getElementById('app')!);
